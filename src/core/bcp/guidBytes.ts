/**
 * uniqueidentifier text ⇄ the 16 bytes of .NET `Guid.ToByteArray()` (first three groups little-endian),
 * written straight into a buffer.
 */
import { fail } from './valueError';

const hexValue = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) hexValue[48 + i] = i;
for (let i = 0; i < 6; i++) {
  hexValue[65 + i] = 10 + i;
  hexValue[97 + i] = 10 + i;
}
const hexPair = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

/** Text offset of the two hex digits of each stored byte (stored order → canonical text order). */
const textOffsetOfByte = [6, 4, 2, 0, 11, 9, 16, 14, 19, 21, 24, 26, 28, 30, 32, 34];

/** Writes a GUID given as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (optionally in braces, any case). */
export function writeGuid(text: string, buf: Buffer, pos: number): void {
  let base = 0;
  if (text.length === 38 && text.charCodeAt(0) === 123 && text.charCodeAt(37) === 125) base = 1;
  else if (text.length !== 36) fail(`${JSON.stringify(text.slice(0, 50))} is not a uniqueidentifier`);
  if (text.charCodeAt(base + 8) !== 45 || text.charCodeAt(base + 13) !== 45 || text.charCodeAt(base + 18) !== 45 || text.charCodeAt(base + 23) !== 45) {
    fail(`${JSON.stringify(text)} is not a uniqueidentifier`);
  }
  for (let b = 0; b < 16; b++) {
    const at = base + textOffsetOfByte[b];
    const c1 = text.charCodeAt(at);
    const c2 = text.charCodeAt(at + 1);
    const hi = c1 < 128 ? hexValue[c1] : -1;
    const lo = c2 < 128 ? hexValue[c2] : -1;
    if ((hi | lo) < 0) fail(`${JSON.stringify(text)} is not a uniqueidentifier`);
    buf[pos + b] = (hi << 4) | lo;
  }
}

/** Canonical uppercase text of 16 stored GUID bytes. */
export function readGuid(buf: Uint8Array, pos: number): string {
  const h = (b: number) => hexPair[buf[pos + b]];
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}
