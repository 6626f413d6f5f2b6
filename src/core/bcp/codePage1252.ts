/**
 * Windows code page 1252, the single-byte code page of the Latin1_General / SQL_Latin1_General_CP1 family of
 * collations. Only sql_variant char/varchar values are stored in a code page (every other character field
 * is UTF-16), so this is the one code page the codec supports.
 */
import { fail } from './valueError';

/** Unicode code points of bytes 0x80–0x9F; the rest of the code page equals Latin-1. Windows maps the five
 * unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) to the C1 control with the same number. */
const high = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];
const toUnicode = Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b < 0xa0 ? high[b - 0x80] : b));
const fromUnicode = new Map<number, number>(toUnicode.map((u, b) => [u, b]));

/** Collation sort ids of the SQL_*_Cp1_* collations (SQL_Latin1_General_CP1_CI_AS is 52). */
const cp1252SortIds = new Set([51, 52, 53, 54, 183, 184, 185, 186]);
/** Language ids (low 16 bits of the LCID) whose Windows collations use code page 1252. */
const cp1252LanguageIds = new Set([
  0x0406, 0x0407, 0x0409, 0x040a, 0x040b, 0x040c, 0x040f, 0x0414, 0x0417, 0x042e, 0x0437, 0x043b, 0x0452, 0x0462,
  0x047a, 0x047c, 0x047e, 0x0483, 0x083b, 0x085f, 0x0c0a,
]);

/** True when a 5-byte TDS collation stores char/varchar in code page 1252 (and is not a UTF-8 collation). */
export function isCodePage1252Collation(collation: Uint8Array): boolean {
  if (collation.length !== 5) return false;
  const lcid = collation[0] | (collation[1] << 8) | ((collation[2] & 0x0f) << 16);
  const flags = ((collation[3] & 0x0f) << 4) | (collation[2] >>> 4);
  const utf8 = (flags & 0x40) !== 0;
  const sortId = collation[4];
  if (utf8) return false;
  return sortId !== 0 ? cp1252SortIds.has(sortId) : cp1252LanguageIds.has(lcid & 0xffff);
}

/** Writes `text` as code page 1252 bytes; refuses characters the code page has no byte for. */
export function writeCodePage1252(text: string, buf: Buffer, pos: number): void {
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const b = u < 0x80 || (u >= 0xa0 && u <= 0xff) ? u : fromUnicode.get(u);
    if (b === undefined) {
      fail(`character U+${u.toString(16).toUpperCase().padStart(4, '0')} at index ${i} has no byte in code page 1252; store it as nvarchar`);
    }
    buf[pos + i] = b;
  }
}

export function readCodePage1252(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(toUnicode[buf[i]]);
  return s;
}
