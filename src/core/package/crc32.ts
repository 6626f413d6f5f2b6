/**
 * CRC-32 (ISO-HDLC, the ZIP checksum). Node ≥ 20.15 / 22.2 has a native `zlib.crc32`; older Node 20 releases
 * (the extension's floor is `>=20`) do not, so a slicing-by-8 table version stands in. Both give identical
 * results; the JS one is exported on its own so tests can compare them.
 */
import * as zlib from 'node:zlib';

const TABLES: Uint32Array[] = buildTables();

function buildTables(): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1];
    const next = new Uint32Array(256);
    for (let n = 0; n < 256; n++) next[n] = (prev[n] >>> 8) ^ t0[prev[n] & 0xff];
    tables.push(next);
  }
  return tables;
}

/** Table-driven CRC-32 over `data`, continuing from `previous` (the CRC of the bytes before). */
export function crc32Js(data: Uint8Array, previous = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let crc = ~previous >>> 0;
  let i = 0;
  const len = data.length;
  const end8 = len - (len % 8);
  // Slicing-by-8: eight table lookups per 8 input bytes instead of one per byte.
  while (i < end8) {
    const a = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ crc;
    crc =
      t7[a & 0xff] ^
      t6[(a >>> 8) & 0xff] ^
      t5[(a >>> 16) & 0xff] ^
      t4[a >>> 24] ^
      t3[data[i + 4]] ^
      t2[data[i + 5]] ^
      t1[data[i + 6]] ^
      t0[data[i + 7]];
    i += 8;
  }
  while (i < len) crc = t0[(crc ^ data[i++]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
const native: NativeCrc32 | undefined = typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (zlib as unknown as { crc32: NativeCrc32 }).crc32 : undefined;

/** CRC-32 of `data` continuing from `previous`; native when the running Node has it. Always an unsigned 32-bit number. */
export function crc32(data: Uint8Array, previous = 0): number {
  return native ? native(data, previous) >>> 0 : crc32Js(data, previous);
}

/** True when `crc32` runs natively (for diagnostics and benchmarks). */
export const crc32IsNative = native !== undefined;
