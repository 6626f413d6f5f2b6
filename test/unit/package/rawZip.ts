/**
 * Test-only raw ZIP inspection, written independently of src/core/package so header assertions do not trust the
 * code under test. Reads by position, so it also works on multi-GiB files.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export interface RawExtra {
  id: number;
  data: Buffer;
}

export interface RawLocal {
  offset: number;
  version: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  name: string;
  extraRaw: Buffer;
  extras: RawExtra[];
  dataOffset: number;
}

export interface RawCentral {
  madeBy: number;
  version: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  nameLength: number;
  extraLength: number;
  commentLength: number;
  diskStart: number;
  internalAttr: number;
  externalAttr: number;
  offset: number;
  name: string;
  extras: RawExtra[];
  /** Values with Zip64 escapes resolved. */
  realCompressed: number;
  realUncompressed: number;
  realOffset: number;
}

export interface RawZip {
  size: number;
  eocdOffset: number;
  eocd: { disk: number; cdDisk: number; countDisk: number; count: number; cdSize: number; cdOffset: number; commentLength: number };
  locator?: { disk: number; zip64EocdOffset: number; totalDisks: number };
  zip64Eocd?: { offset: number; recordSize: number; madeBy: number; version: number; disk: number; cdDisk: number; countDisk: number; count: number; cdSize: number; cdOffset: number };
  central: RawCentral[];
  locals: RawLocal[];
}

function big(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

function extrasOf(buf: Buffer): RawExtra[] {
  const out: RawExtra[] = [];
  let p = 0;
  while (p + 4 <= buf.length) {
    const id = buf.readUInt16LE(p);
    const len = buf.readUInt16LE(p + 2);
    out.push({ id, data: buf.subarray(p + 4, p + 4 + len) });
    p += 4 + len;
  }
  return out;
}

export function inspectZip(path: string): RawZip {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (pos: number, len: number): Buffer => {
      const b = Buffer.alloc(len);
      const n = readSync(fd, b, 0, len, pos);
      return b.subarray(0, n);
    };
    const eocdOffset = size - 22; // the writer under test writes no archive comment
    const e = read(eocdOffset, 22);
    if (e.readUInt32LE(0) !== 0x06054b50) throw new Error('no EOCD at the end of the file');
    const z: RawZip = {
      size,
      eocdOffset,
      eocd: {
        disk: e.readUInt16LE(4),
        cdDisk: e.readUInt16LE(6),
        countDisk: e.readUInt16LE(8),
        count: e.readUInt16LE(10),
        cdSize: e.readUInt32LE(12),
        cdOffset: e.readUInt32LE(16),
        commentLength: e.readUInt16LE(20),
      },
      central: [],
      locals: [],
    };
    let count = z.eocd.count;
    let cdOffset = z.eocd.cdOffset;
    let cdSize = z.eocd.cdSize;
    const loc = read(eocdOffset - 20, 20);
    if (loc.readUInt32LE(0) === 0x07064b50) {
      z.locator = { disk: loc.readUInt32LE(4), zip64EocdOffset: big(loc, 8), totalDisks: loc.readUInt32LE(16) };
      const r = read(z.locator.zip64EocdOffset, 56);
      if (r.readUInt32LE(0) !== 0x06064b50) throw new Error('locator does not point at a Zip64 EOCD');
      z.zip64Eocd = {
        offset: z.locator.zip64EocdOffset,
        recordSize: big(r, 4),
        madeBy: r.readUInt16LE(12),
        version: r.readUInt16LE(14),
        disk: r.readUInt32LE(16),
        cdDisk: r.readUInt32LE(20),
        countDisk: big(r, 24),
        count: big(r, 32),
        cdSize: big(r, 40),
        cdOffset: big(r, 48),
      };
      count = z.zip64Eocd.count;
      cdOffset = z.zip64Eocd.cdOffset;
      cdSize = z.zip64Eocd.cdSize;
    }
    const cd = read(cdOffset, cdSize);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header ${i}`);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const name = cd.subarray(p + 46, p + 46 + nameLength).toString('latin1');
      const extras = extrasOf(cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
      const c: RawCentral = {
        madeBy: cd.readUInt16LE(p + 4),
        version: cd.readUInt16LE(p + 6),
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        dosTime: cd.readUInt16LE(p + 12),
        dosDate: cd.readUInt16LE(p + 14),
        crc: cd.readUInt32LE(p + 16),
        compressed: cd.readUInt32LE(p + 20),
        uncompressed: cd.readUInt32LE(p + 24),
        nameLength,
        extraLength,
        commentLength,
        diskStart: cd.readUInt16LE(p + 34),
        internalAttr: cd.readUInt16LE(p + 36),
        externalAttr: cd.readUInt32LE(p + 38),
        offset: cd.readUInt32LE(p + 42),
        name,
        extras,
        realCompressed: 0,
        realUncompressed: 0,
        realOffset: 0,
      };
      c.realUncompressed = c.uncompressed;
      c.realCompressed = c.compressed;
      c.realOffset = c.offset;
      const z64 = extras.find((x) => x.id === 1);
      if (z64) {
        let q = 0;
        if (c.uncompressed === 0xffffffff) {
          c.realUncompressed = big(z64.data, q);
          q += 8;
        }
        if (c.compressed === 0xffffffff) {
          c.realCompressed = big(z64.data, q);
          q += 8;
        }
        if (c.offset === 0xffffffff) c.realOffset = big(z64.data, q);
      }
      z.central.push(c);
      p += 46 + nameLength + extraLength + commentLength;
      const h = read(c.realOffset, 30);
      if (h.readUInt32LE(0) !== 0x04034b50) throw new Error(`no local header for ${name}`);
      const ln = h.readUInt16LE(26);
      const le = h.readUInt16LE(28);
      const rest = read(c.realOffset + 30, ln + le);
      z.locals.push({
        offset: c.realOffset,
        version: h.readUInt16LE(4),
        flags: h.readUInt16LE(6),
        method: h.readUInt16LE(8),
        dosTime: h.readUInt16LE(10),
        dosDate: h.readUInt16LE(12),
        crc: h.readUInt32LE(14),
        compressed: h.readUInt32LE(18),
        uncompressed: h.readUInt32LE(22),
        name: rest.subarray(0, ln).toString('latin1'),
        extraRaw: Buffer.from(rest.subarray(ln)),
        extras: extrasOf(rest.subarray(ln)),
        dataOffset: c.realOffset + 30 + ln + le,
      });
    }
    return z;
  } finally {
    closeSync(fd);
  }
}

/** The 28-byte local extra field DacFx writes: OPC padding field, 20 zero bytes of padding. */
export const DACFX_PADDING = Buffer.from('20a2180028a01400' + '00'.repeat(20), 'hex');

export function hasCommand(cmd: string, args: string[] = ['--version']): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined;
}

/** Runs a Python snippet with the package path as sys.argv[1]; returns stdout (throws with stderr on failure). */
export function runPython(code: string, path: string): string {
  const r = spawnSync('python3', ['-c', code, path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
