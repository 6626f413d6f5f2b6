/**
 * Byte layouts of the ZIP records a bacpac uses (PKWARE APPNOTE 6.3), encoded exactly the way the .NET Framework
 * WindowsBase packaging code writes them, because that code (SSMS, .NET Framework SqlPackage) is the strictest
 * reader a bacpac meets. See docs/bacpac-format.md §2.2. Shared by the writer and the strict reader.
 */

export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_EOCD = 0x06054b50;
export const SIG_ZIP64_EOCD = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;
export const SIG_DATA_DESCRIPTOR = 0x08074b50;

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

export const VERSION_STORED = 10;
export const VERSION_DEFLATED = 20;
export const VERSION_ZIP64 = 45;
/** The only version-needed values WindowsBase accepts (ZipArchive.VerifyVersionNeededToExtract). */
export const ACCEPTED_VERSIONS: readonly number[] = [10, 11, 20, 45];
/** Version made by: 4.5 on MS-DOS, as DacFx writes it. */
export const VERSION_MADE_BY = 0x002d;

export const LOCAL_HEADER_FIXED = 30;
export const CENTRAL_HEADER_FIXED = 46;
export const EOCD_SIZE = 22;
export const ZIP64_EOCD_SIZE = 56;
export const ZIP64_LOCATOR_SIZE = 20;

export const U32_MAX = 0xffffffff;
export const U16_MAX = 0xffff;

export const EXTRA_ZIP64 = 0x0001;
/** Microsoft OPC padding field: reserves room so a local header can grow a Zip64 field in place. */
export const EXTRA_PADDING = 0xa220;
const PADDING_SIGNATURE = 0xa028;
/** WindowsBase's initial padding request: room for a local Zip64 field (id, size, two 8-byte sizes). */
const PADDING_REQUESTED = 20;

/** Every local header this writer emits carries exactly this many extra-field bytes (the DacFx layout). */
export const LOCAL_EXTRA_LENGTH = 28;

/** An entry needs Zip64 structures when a size or its local-header offset reaches 0xFFFFFFFF (WindowsBase treats the boundary as Zip64). */
export function entryNeedsZip64(compressedSize: number, uncompressedSize: number, localHeaderOffset: number): boolean {
  return compressedSize >= U32_MAX || uncompressedSize >= U32_MAX || localHeaderOffset >= U32_MAX;
}

/** The archive needs a Zip64 end record when the entry count or central directory offset/size reaches the 16/32-bit escapes. */
export function archiveNeedsZip64(entryCount: number, centralOffset: number, centralSize: number): boolean {
  return entryCount >= U16_MAX || centralOffset >= U32_MAX || centralSize >= U32_MAX;
}

export interface EntryHeaderFields {
  /** ASCII name bytes. */
  name: Buffer;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** DOS time in the low 16 bits, DOS date in the high 16 bits. */
  dosDateTime: number;
}

export function versionNeeded(method: number, zip64: boolean): number {
  if (zip64) return VERSION_ZIP64;
  return method === METHOD_DEFLATED ? VERSION_DEFLATED : VERSION_STORED;
}

function writeU64(buf: Buffer, value: number, offset: number): void {
  buf.writeBigUInt64LE(BigInt(value), offset);
}

/**
 * The local file header, always 30 + name + 28 bytes so it can be reserved before the sizes are known:
 * - small entry: the 28-byte padding field (`20 A2 18 00 28 A0 14 00` + 20 zeros), as DacFx writes;
 * - Zip64 entry: version 45, both sizes escaped, a Zip64 field with both sizes (WindowsBase requires both in a
 *   local header), then what is left of the padding (8 bytes), exactly as WindowsBase rewrites it in place.
 */
export function encodeLocalHeader(e: EntryHeaderFields): Buffer {
  const zip64 = entryNeedsZip64(e.compressedSize, e.uncompressedSize, e.localHeaderOffset);
  const buf = Buffer.alloc(LOCAL_HEADER_FIXED + e.name.length + LOCAL_EXTRA_LENGTH);
  buf.writeUInt32LE(SIG_LOCAL, 0);
  buf.writeUInt16LE(versionNeeded(e.method, zip64), 4);
  buf.writeUInt16LE(0, 6); // flags: no data descriptor, deflate option "normal", not encrypted
  buf.writeUInt16LE(e.method, 8);
  buf.writeUInt32LE(e.dosDateTime >>> 0, 10);
  buf.writeUInt32LE(e.crc32 >>> 0, 14);
  buf.writeUInt32LE(zip64 ? U32_MAX : e.compressedSize, 18);
  buf.writeUInt32LE(zip64 ? U32_MAX : e.uncompressedSize, 22);
  buf.writeUInt16LE(e.name.length, 26);
  buf.writeUInt16LE(LOCAL_EXTRA_LENGTH, 28);
  e.name.copy(buf, LOCAL_HEADER_FIXED);
  let p = LOCAL_HEADER_FIXED + e.name.length;
  if (zip64) {
    buf.writeUInt16LE(EXTRA_ZIP64, p);
    buf.writeUInt16LE(16, p + 2);
    writeU64(buf, e.uncompressedSize, p + 4);
    writeU64(buf, e.compressedSize, p + 12);
    p += 20;
    buf.writeUInt16LE(EXTRA_PADDING, p);
    buf.writeUInt16LE(4, p + 2);
    buf.writeUInt16LE(PADDING_SIGNATURE, p + 4);
    buf.writeUInt16LE(PADDING_REQUESTED, p + 6);
  } else {
    buf.writeUInt16LE(EXTRA_PADDING, p);
    buf.writeUInt16LE(24, p + 2);
    buf.writeUInt16LE(PADDING_SIGNATURE, p + 4);
    buf.writeUInt16LE(PADDING_REQUESTED, p + 6);
    // the 20 padding bytes stay zero
  }
  return buf;
}

/** Central directory header. Zip64 entries escape both sizes and the offset and carry all three in a 24-byte Zip64 field (as WindowsBase). */
export function centralHeaderLength(e: EntryHeaderFields): number {
  const zip64 = entryNeedsZip64(e.compressedSize, e.uncompressedSize, e.localHeaderOffset);
  return CENTRAL_HEADER_FIXED + e.name.length + (zip64 ? 28 : 0);
}

export function encodeCentralHeader(e: EntryHeaderFields, target: Buffer, at: number): number {
  const zip64 = entryNeedsZip64(e.compressedSize, e.uncompressedSize, e.localHeaderOffset);
  target.writeUInt32LE(SIG_CENTRAL, at);
  target.writeUInt16LE(VERSION_MADE_BY, at + 4);
  target.writeUInt16LE(versionNeeded(e.method, zip64), at + 6);
  target.writeUInt16LE(0, at + 8);
  target.writeUInt16LE(e.method, at + 10);
  target.writeUInt32LE(e.dosDateTime >>> 0, at + 12);
  target.writeUInt32LE(e.crc32 >>> 0, at + 16);
  target.writeUInt32LE(zip64 ? U32_MAX : e.compressedSize, at + 20);
  target.writeUInt32LE(zip64 ? U32_MAX : e.uncompressedSize, at + 24);
  target.writeUInt16LE(e.name.length, at + 28);
  target.writeUInt16LE(zip64 ? 28 : 0, at + 30);
  target.writeUInt16LE(0, at + 32); // comment length
  target.writeUInt16LE(0, at + 34); // disk number start
  target.writeUInt16LE(0, at + 36); // internal attributes
  target.writeUInt32LE(0, at + 38); // external attributes
  target.writeUInt32LE(zip64 ? U32_MAX : e.localHeaderOffset, at + 42);
  e.name.copy(target, at + CENTRAL_HEADER_FIXED);
  let p = at + CENTRAL_HEADER_FIXED + e.name.length;
  if (zip64) {
    target.writeUInt16LE(EXTRA_ZIP64, p);
    target.writeUInt16LE(24, p + 2);
    writeU64(target, e.uncompressedSize, p + 4);
    writeU64(target, e.compressedSize, p + 12);
    writeU64(target, e.localHeaderOffset, p + 20);
    p += 28;
  }
  return p - at;
}

/**
 * The end records: Zip64 end record + locator + a fully escaped EOCD when the archive needs Zip64 (as WindowsBase
 * writes it), else a plain EOCD. No archive comment.
 */
export function encodeEndRecords(entryCount: number, centralOffset: number, centralSize: number): Buffer {
  if (!archiveNeedsZip64(entryCount, centralOffset, centralSize)) {
    const eocd = Buffer.alloc(EOCD_SIZE);
    eocd.writeUInt32LE(SIG_EOCD, 0);
    eocd.writeUInt16LE(entryCount, 8);
    eocd.writeUInt16LE(entryCount, 10);
    eocd.writeUInt32LE(centralSize, 12);
    eocd.writeUInt32LE(centralOffset, 16);
    return eocd;
  }
  const buf = Buffer.alloc(ZIP64_EOCD_SIZE + ZIP64_LOCATOR_SIZE + EOCD_SIZE);
  const zip64EocdOffset = centralOffset + centralSize;
  buf.writeUInt32LE(SIG_ZIP64_EOCD, 0);
  writeU64(buf, ZIP64_EOCD_SIZE - 12, 4);
  buf.writeUInt16LE(VERSION_ZIP64, 12);
  buf.writeUInt16LE(VERSION_ZIP64, 14);
  // disk numbers (16, 20) stay 0
  writeU64(buf, entryCount, 24);
  writeU64(buf, entryCount, 32);
  writeU64(buf, centralSize, 40);
  writeU64(buf, centralOffset, 48);
  const loc = ZIP64_EOCD_SIZE;
  buf.writeUInt32LE(SIG_ZIP64_LOCATOR, loc);
  buf.writeUInt32LE(0, loc + 4);
  writeU64(buf, zip64EocdOffset, loc + 8);
  buf.writeUInt32LE(1, loc + 16);
  const e = loc + ZIP64_LOCATOR_SIZE;
  buf.writeUInt32LE(SIG_EOCD, e);
  buf.writeUInt16LE(U16_MAX, e + 8);
  buf.writeUInt16LE(U16_MAX, e + 10);
  buf.writeUInt32LE(U32_MAX, e + 12);
  buf.writeUInt32LE(U32_MAX, e + 16);
  return buf;
}

/** DOS date/time of `date` in local time (DOS has no zone; DacFx uses DateTime.Now). Date in the high word. */
export function toDosDateTime(date: Date): number {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  const dosDate = ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  const dosTime = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  return ((dosDate << 16) | dosTime) >>> 0;
}

export function fromDosDateTime(value: number): Date {
  const time = value & 0xffff;
  const date = value >>> 16;
  return new Date(1980 + (date >> 9), ((date >> 5) & 0xf) - 1, date & 0x1f, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2);
}

/** One element of an extra field. */
export interface ExtraFieldElement {
  id: number;
  data: Buffer;
}

/** Splits an extra field into elements; `undefined` when the lengths do not add up exactly (WindowsBase rejects that). */
export function splitExtraField(extra: Buffer): ExtraFieldElement[] | undefined {
  const out: ExtraFieldElement[] = [];
  let p = 0;
  while (p < extra.length) {
    if (extra.length - p < 4) return undefined;
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (p + 4 + size > extra.length) return undefined;
    out.push({ id, data: extra.subarray(p + 4, p + 4 + size) });
    p += 4 + size;
  }
  return out;
}

/** True when an element is the OPC padding field (id and inner signature both match, as WindowsBase sniffs it). */
export function isPaddingElement(el: ExtraFieldElement): boolean {
  return el.id === EXTRA_PADDING && el.data.length >= 4 && el.data.readUInt16LE(0) === PADDING_SIGNATURE;
}

export function readU64(buf: Buffer, offset: number): number {
  const v = buf.readBigUInt64LE(offset);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}
