/**
 * A raw ZIP writer for hostile packages: every header field is written as given, so a test can declare sizes
 * that lie, force Zip64 fields to absurd values, store names no writer would, or repeat entries. It records where
 * headers and data lie, so byte flips can aim at either. Test-only; independent of src/core/package.
 */
import { crc32, deflateRawSync, constants as zlibConstants } from 'node:zlib';

export interface RawEntry {
  /** The name in the local header and (unless `centralName`) in the central directory. */
  name: Buffer;
  centralName?: Buffer;
  method: 0 | 8;
  /** The bytes stored (deflated for method 8). */
  data: Buffer;
  crc: number;
  /** Declared sizes; 0xFFFFFFFF or more goes into a Zip64 extra field. */
  compressedSize: number;
  uncompressedSize: number;
  /** Forces a Zip64 extra with these values (and escapes in the header fields). */
  zip64?: { uncompressed?: bigint; compressed?: bigint; offset?: bigint };
  flags?: number;
}

export interface ZipLayout {
  bytes: Buffer;
  /** [start, end) of every local header, central directory record and end record. */
  headers: [number, number][];
  /** [start, end) of every entry's stored data. */
  data: [number, number][];
}

export interface ZipEndOptions {
  /** Written into the Zip64 end record instead of the true values. */
  zip64End?: { count?: bigint; cdSize?: bigint; cdOffset?: bigint };
  /** Entry count in the classic end record (default: the true count). */
  count?: number;
}

const U32 = 0xffffffff;

/** An entry holding `content`, deflated (method 8) or stored, with true sizes and CRC. */
export function entryOf(name: string, content: Buffer, method: 0 | 8 = 8): RawEntry {
  const data = method === 8 ? deflateRawSync(content, { level: 1 }) : content;
  return { name: Buffer.from(name, 'utf8'), method, data, crc: crc32(content), compressedSize: data.length, uncompressedSize: content.length };
}

/**
 * Raw deflate data that inflates to `repeats` × `block` (block-sized full-flush segments repeated, then an empty
 * final block): gigabytes from a few megabytes, built in milliseconds.
 */
export function deflateBomb(block: Buffer, repeats: number, prefix: Buffer = Buffer.alloc(0)): Buffer {
  const flush = { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH };
  const head = prefix.length > 0 ? deflateRawSync(prefix, flush) : Buffer.alloc(0);
  const segment = deflateRawSync(block, flush);
  const final = deflateRawSync(Buffer.alloc(0));
  const out = Buffer.allocUnsafe(head.length + segment.length * repeats + final.length);
  head.copy(out, 0);
  for (let i = 0; i < repeats; i++) segment.copy(out, head.length + i * segment.length);
  final.copy(out, head.length + segment.length * repeats);
  return out;
}

function zip64Extra(values: bigint[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(1, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt.asUintN(64, v), 4 + 8 * i));
  return extra;
}

/** The 22 bytes local header and central record share: version needed, flags, method, time, date, CRC, sizes. */
function entryFields(e: RawEntry, version: number, sizes64: boolean, compressed: bigint, uncompressed: bigint): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt16LE(version, 0);
  b.writeUInt16LE(e.flags ?? 0x0800, 2);
  b.writeUInt16LE(e.method, 4);
  b.writeUInt16LE(0, 6);
  b.writeUInt16LE(0x21, 8);
  b.writeUInt32LE(e.crc >>> 0, 10);
  b.writeUInt32LE(sizes64 ? U32 : Number(compressed), 14);
  b.writeUInt32LE(sizes64 ? U32 : Number(uncompressed), 18);
  return b;
}

export function buildZip(entries: readonly RawEntry[], options: ZipEndOptions = {}): ZipLayout {
  const chunks: Buffer[] = [];
  const headers: [number, number][] = [];
  const data: [number, number][] = [];
  let offset = 0;
  const push = (b: Buffer, kind: 'header' | 'data') => {
    (kind === 'header' ? headers : data).push([offset, offset + b.length]);
    chunks.push(b);
    offset += b.length;
  };
  const central: Buffer[] = [];
  let anyZip64 = false;
  for (const e of entries) {
    const local = offset;
    const uncompressed = e.zip64?.uncompressed ?? BigInt(e.uncompressedSize);
    const compressed = e.zip64?.compressed ?? BigInt(e.compressedSize);
    const sizes64 = e.zip64 !== undefined || uncompressed >= U32 || compressed >= U32;
    const offset64 = e.zip64?.offset !== undefined;
    anyZip64 ||= sizes64 || offset64;
    const localExtra = sizes64 ? zip64Extra([uncompressed, compressed]) : Buffer.alloc(0);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    entryFields(e, sizes64 ? 45 : 20, sizes64, compressed, uncompressed).copy(head, 4);
    head.writeUInt16LE(e.name.length, 26);
    head.writeUInt16LE(localExtra.length, 28);
    push(Buffer.concat([head, e.name, localExtra]), 'header');
    push(e.data, 'data');
    const centralName = e.centralName ?? e.name;
    const centralValues = [...(sizes64 ? [uncompressed, compressed] : []), ...(offset64 ? [e.zip64?.offset as bigint] : [])];
    const centralExtra = centralValues.length > 0 ? zip64Extra(centralValues) : Buffer.alloc(0);
    const rec = Buffer.alloc(46);
    rec.writeUInt32LE(0x02014b50, 0);
    rec.writeUInt16LE(sizes64 || offset64 ? 45 : 20, 4);
    entryFields(e, sizes64 || offset64 ? 45 : 20, sizes64, compressed, uncompressed).copy(rec, 6);
    rec.writeUInt16LE(centralName.length, 28);
    rec.writeUInt16LE(centralExtra.length, 30);
    rec.writeUInt32LE(offset64 ? U32 : local, 42);
    central.push(Buffer.concat([rec, centralName, centralExtra]));
  }
  const cdOffset = offset;
  for (const rec of central) push(rec, 'header');
  const cdSize = offset - cdOffset;
  const count = options.count ?? entries.length;
  if (anyZip64 || options.zip64End) {
    const z64 = offset;
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt.asUintN(64, options.zip64End?.count ?? BigInt(count)), 24);
    rec.writeBigUInt64LE(BigInt.asUintN(64, options.zip64End?.count ?? BigInt(count)), 32);
    rec.writeBigUInt64LE(BigInt.asUintN(64, options.zip64End?.cdSize ?? BigInt(cdSize)), 40);
    rec.writeBigUInt64LE(BigInt.asUintN(64, options.zip64End?.cdOffset ?? BigInt(cdOffset)), 48);
    push(rec, 'header');
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(z64), 8);
    loc.writeUInt32LE(1, 16);
    push(loc, 'header');
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  const escape = anyZip64 || options.zip64End !== undefined;
  eocd.writeUInt16LE(escape ? 0xffff : Math.min(count, 0xffff), 8);
  eocd.writeUInt16LE(escape ? 0xffff : Math.min(count, 0xffff), 10);
  eocd.writeUInt32LE(escape ? U32 : cdSize, 12);
  eocd.writeUInt32LE(escape ? U32 : cdOffset, 16);
  push(eocd, 'header');
  return { bytes: Buffer.concat(chunks), headers, data };
}
