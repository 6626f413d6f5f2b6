/**
 * TDS collations (5 bytes: LCID 20 bits, flags 8 bits, version 4 bits, sort id 1 byte) and the code pages
 * varchar bytes travel in. Only the collations the tests and the Umbraco databases use are named here.
 */

export interface CollationInfo {
  bytes: Buffer;
  codePage: 'cp1252' | 'utf8' | 'cp1251';
}

const FLAG_IGNORE_CASE = 0x01;
const FLAG_IGNORE_ACCENT = 0x02;
const FLAG_IGNORE_KANA = 0x04;
const FLAG_IGNORE_WIDTH = 0x08;
const FLAG_UTF8 = 0x40;

function collationBytes(lcid: number, flags: number, version: number, sortId: number): Buffer {
  const b = Buffer.alloc(5);
  b[0] = lcid & 0xff;
  b[1] = (lcid >>> 8) & 0xff;
  b[2] = ((lcid >>> 16) & 0x0f) | ((flags & 0x0f) << 4);
  b[3] = ((flags & 0xf0) >>> 4) | ((version & 0x0f) << 4);
  b[4] = sortId;
  return b;
}

const CI_AS = FLAG_IGNORE_CASE | FLAG_IGNORE_KANA | FLAG_IGNORE_WIDTH;

const known: Record<string, CollationInfo> = {
  // SQL collation: sort id 52 → code page 1252. Bytes 09 04 D0 00 34, what SQL Server sends.
  SQL_Latin1_General_CP1_CI_AS: { bytes: collationBytes(0x0409, CI_AS, 0, 52), codePage: 'cp1252' },
  SQL_Latin1_General_CP1_CS_AS: { bytes: collationBytes(0x0409, FLAG_IGNORE_KANA | FLAG_IGNORE_WIDTH, 0, 51), codePage: 'cp1252' },
  Latin1_General_CI_AS: { bytes: collationBytes(0x0409, CI_AS, 0, 0), codePage: 'cp1252' },
  Latin1_General_CI_AI: { bytes: collationBytes(0x0409, CI_AS | FLAG_IGNORE_ACCENT, 0, 0), codePage: 'cp1252' },
  Latin1_General_100_CI_AS: { bytes: collationBytes(0x0409, CI_AS, 2, 0), codePage: 'cp1252' },
  Latin1_General_100_CI_AS_SC_UTF8: { bytes: collationBytes(0x0409, CI_AS | FLAG_UTF8, 2, 0), codePage: 'utf8' },
  Cyrillic_General_CI_AS: { bytes: collationBytes(0x0419, CI_AS, 0, 0), codePage: 'cp1251' },
};

export const DEFAULT_COLLATION = 'SQL_Latin1_General_CP1_CI_AS';

export function collationByName(name: string): CollationInfo {
  const info = known[name];
  if (!info) throw new Error(`The TDS double does not know collation ${name}; add it to test/support/tds/collation.ts`);
  return info;
}

/** The code page of raw collation bytes (sql_variant values carry their own). */
export function codePageOfBytes(bytes: Uint8Array): CollationInfo['codePage'] {
  for (const info of Object.values(known)) {
    if (Buffer.compare(info.bytes, Buffer.from(bytes)) === 0) return info.codePage;
  }
  const flags = ((bytes[3] & 0x0f) << 4) | ((bytes[2] & 0xf0) >>> 4);
  if (flags & FLAG_UTF8) return 'utf8';
  const lcid = bytes[0] | (bytes[1] << 8);
  return lcid === 0x0419 ? 'cp1251' : 'cp1252';
}

// Windows-1252 maps 0x80–0x9F to these characters (undefined slots stay unmapped).
const cp1252High = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];
const cp1252Encode = new Map<number, number>();
const cp1252Decode: number[] = [];
for (let b = 0; b < 256; b++) {
  const ch = b >= 0x80 && b < 0xa0 ? cp1252High[b - 0x80] : b;
  cp1252Decode[b] = ch;
  if (ch >= 0) cp1252Encode.set(ch, b);
}

// Windows-1251: 0xC0–0xFF are А–я; the 0x80–0xBF block is mapped for the letters the tests use.
const cp1251Decode: number[] = [];
for (let b = 0; b < 256; b++) cp1251Decode[b] = b < 0x80 ? b : b >= 0xc0 ? 0x0410 + (b - 0xc0) : b === 0xa8 ? 0x0401 : b === 0xb8 ? 0x0451 : -1;
const cp1251Encode = new Map<number, number>();
cp1251Decode.forEach((ch, b) => ch >= 0 && cp1251Encode.set(ch, b));

/** Encode text in a code page; characters the page lacks become '?' as SQL Server does. */
export function encodeText(text: string, codePage: CollationInfo['codePage']): Buffer {
  if (codePage === 'utf8') return Buffer.from(text, 'utf8');
  const table = codePage === 'cp1252' ? cp1252Encode : cp1251Encode;
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 0x80 ? c : table.get(c) ?? 0x3f;
  }
  return out;
}

export function decodeText(bytes: Uint8Array, codePage: CollationInfo['codePage']): string {
  if (codePage === 'utf8') return Buffer.from(bytes).toString('utf8');
  const table = codePage === 'cp1252' ? cp1252Decode : cp1251Decode;
  let s = '';
  for (const b of bytes) s += String.fromCharCode(table[b] >= 0 ? table[b] : 0xfffd);
  return s;
}

/** True when every character is ASCII, so the bytes are the same in every supported code page. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}
