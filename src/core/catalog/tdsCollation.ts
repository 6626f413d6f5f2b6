/**
 * The 5-byte TDS collation (MS-TDS §2.2.5.1.2: LCID 20 bits, flags 8 bits, version 4 bits, sort id 1 byte)
 * of a collation, for sql_variant values (the BCP SSVARIANT payload carries it). T-SQL gives LCID,
 * ComparisonStyle and Version (COLLATIONPROPERTY); the flags for binary and UTF-8 collations come from the
 * name; SQL collations (SQL_…) also need their sort id, which no function returns, hence the table below
 * (sort ids as documented for SQL Server sort orders; the same list tedious uses to pick code pages).
 */
import { BackupError } from '../errors';

const FLAG_IGNORE_CASE = 0x01;
const FLAG_IGNORE_ACCENT = 0x02;
const FLAG_IGNORE_KANA = 0x04;
const FLAG_IGNORE_WIDTH = 0x08;
const FLAG_BINARY = 0x10;
const FLAG_BINARY2 = 0x20;
const FLAG_UTF8 = 0x40;

/** SQL collation name (upper case) → sort id. */
const sqlSortIds: Record<string, number> = {
  SQL_LATIN1_GENERAL_CP437_BIN: 30, SQL_LATIN1_GENERAL_CP437_CS_AS: 31, SQL_LATIN1_GENERAL_CP437_CI_AS: 32,
  SQL_LATIN1_GENERAL_PREF_CP437_CI_AS: 33, SQL_LATIN1_GENERAL_CP437_CI_AI: 34,
  SQL_LATIN1_GENERAL_CP850_BIN: 40, SQL_LATIN1_GENERAL_CP850_CS_AS: 41, SQL_LATIN1_GENERAL_CP850_CI_AS: 42,
  SQL_LATIN1_GENERAL_PREF_CP850_CI_AS: 43, SQL_LATIN1_GENERAL_CP850_CI_AI: 44, SQL_1XCOMPAT_CP850_CI_AS: 49,
  SQL_LATIN1_GENERAL_CP1_CS_AS: 51, SQL_LATIN1_GENERAL_CP1_CI_AS: 52, SQL_LATIN1_GENERAL_PREF_CP1_CI_AS: 53,
  SQL_LATIN1_GENERAL_CP1_CI_AI: 54, SQL_ALTDICTION_CP850_CS_AS: 55, SQL_ALTDICTION_PREF_CP850_CI_AS: 56,
  SQL_ALTDICTION_CP850_CI_AI: 57, SQL_SCANDINAVIAN_PREF_CP850_CI_AS: 58, SQL_SCANDINAVIAN_CP850_CS_AS: 59,
  SQL_SCANDINAVIAN_CP850_CI_AS: 60, SQL_ALTDICTION_CP850_CI_AS: 61,
  SQL_LATIN1_GENERAL_CP1250_BIN: 80, SQL_LATIN1_GENERAL_CP1250_CS_AS: 81, SQL_LATIN1_GENERAL_CP1250_CI_AS: 82,
  SQL_CZECH_CP1250_CS_AS: 83, SQL_CZECH_CP1250_CI_AS: 84, SQL_HUNGARIAN_CP1250_CS_AS: 85, SQL_HUNGARIAN_CP1250_CI_AS: 86,
  SQL_POLISH_CP1250_CS_AS: 87, SQL_POLISH_CP1250_CI_AS: 88, SQL_ROMANIAN_CP1250_CS_AS: 89, SQL_ROMANIAN_CP1250_CI_AS: 90,
  SQL_CROATIAN_CP1250_CS_AS: 91, SQL_CROATIAN_CP1250_CI_AS: 92, SQL_SLOVAK_CP1250_CS_AS: 93, SQL_SLOVAK_CP1250_CI_AS: 94,
  SQL_SLOVENIAN_CP1250_CS_AS: 95, SQL_SLOVENIAN_CP1250_CI_AS: 96,
  SQL_LATIN1_GENERAL_CP1251_BIN: 104, SQL_LATIN1_GENERAL_CP1251_CS_AS: 105, SQL_LATIN1_GENERAL_CP1251_CI_AS: 106,
  SQL_UKRAINIAN_CP1251_CS_AS: 107, SQL_UKRAINIAN_CP1251_CI_AS: 108,
  SQL_LATIN1_GENERAL_CP1253_BIN: 112, SQL_LATIN1_GENERAL_CP1253_CS_AS: 113, SQL_LATIN1_GENERAL_CP1253_CI_AS: 114,
  SQL_MIXDICTION_CP1253_CS_AS: 120, SQL_ALTDICTION_CP1253_CS_AS: 121, SQL_ALTDICTION2_CP1253_CS_AS: 122,
  SQL_LATIN1_GENERAL_CP1253_CI_AI: 124,
  SQL_LATIN1_GENERAL_CP1254_BIN: 128, SQL_LATIN1_GENERAL_CP1254_CS_AS: 129, SQL_LATIN1_GENERAL_CP1254_CI_AS: 130,
  SQL_LATIN1_GENERAL_CP1255_BIN: 136, SQL_LATIN1_GENERAL_CP1255_CS_AS: 137, SQL_LATIN1_GENERAL_CP1255_CI_AS: 138,
  SQL_LATIN1_GENERAL_CP1256_BIN: 144, SQL_LATIN1_GENERAL_CP1256_CS_AS: 145, SQL_LATIN1_GENERAL_CP1256_CI_AS: 146,
  SQL_LATIN1_GENERAL_CP1257_BIN: 152, SQL_LATIN1_GENERAL_CP1257_CS_AS: 153, SQL_LATIN1_GENERAL_CP1257_CI_AS: 154,
  SQL_ESTONIAN_CP1257_CS_AS: 155, SQL_ESTONIAN_CP1257_CI_AS: 156, SQL_LATVIAN_CP1257_CS_AS: 157, SQL_LATVIAN_CP1257_CI_AS: 158,
  SQL_LITHUANIAN_CP1257_CS_AS: 159, SQL_LITHUANIAN_CP1257_CI_AS: 160,
  SQL_DANISH_PREF_CP1_CI_AS: 183, SQL_SWEDISHPHONE_PREF_CP1_CI_AS: 184, SQL_SWEDISHSTD_PREF_CP1_CI_AS: 185,
  SQL_ICELANDIC_PREF_CP1_CI_AS: 186,
};

/** Sort id of a SQL collation, undefined for Windows collations and SQL collations not in the table. */
export function sqlCollationSortId(name: string): number | undefined {
  return sqlSortIds[name.toUpperCase()];
}

/** COLLATIONPROPERTY ComparisonStyle bits → TDS flag bits. */
export function flagsFromComparisonStyle(style: number): number {
  let flags = 0;
  if (style & 1) flags |= FLAG_IGNORE_CASE;
  if (style & 2) flags |= FLAG_IGNORE_ACCENT;
  if (style & 65536) flags |= FLAG_IGNORE_KANA;
  if (style & 131072) flags |= FLAG_IGNORE_WIDTH;
  return flags;
}

/** TDS flag bits → ComparisonStyle (the inverse, for the test double). */
export function comparisonStyleFromFlags(flags: number): number {
  return (flags & FLAG_IGNORE_CASE ? 1 : 0) | (flags & FLAG_IGNORE_ACCENT ? 2 : 0) |
    (flags & FLAG_IGNORE_KANA ? 65536 : 0) | (flags & FLAG_IGNORE_WIDTH ? 131072 : 0);
}

export function tdsCollationBytes(name: string, lcid: number, comparisonStyle: number, version: number): Uint8Array {
  const upper = name.toUpperCase();
  let flags = flagsFromComparisonStyle(comparisonStyle);
  if (upper.endsWith('_BIN2') || upper.includes('_BIN2_')) flags |= FLAG_BINARY2;
  else if (upper.endsWith('_BIN') || upper.includes('_BIN_')) flags |= FLAG_BINARY;
  if (upper.includes('_UTF8')) flags |= FLAG_UTF8;
  let sortId = 0;
  if (upper.startsWith('SQL_')) {
    const id = sqlCollationSortId(name);
    if (id === undefined) {
      throw new BackupError('unsupported', `A sql_variant value uses the collation ${name}, whose TDS sort id this tool does not know.`,
        { hint: 'Convert such values to another collation, or use SqlPackage for this database.' });
    }
    sortId = id;
  }
  const b = new Uint8Array(5);
  b[0] = lcid & 0xff;
  b[1] = (lcid >>> 8) & 0xff;
  b[2] = ((lcid >>> 16) & 0x0f) | ((flags & 0x0f) << 4);
  b[3] = ((flags & 0xf0) >>> 4) | ((version & 0x0f) << 4);
  b[4] = sortId;
  return b;
}

/** The parts of 5 TDS collation bytes. */
export function parseTdsCollation(b: Uint8Array): { lcid: number; flags: number; version: number; sortId: number } {
  return {
    lcid: b[0] | (b[1] << 8) | ((b[2] & 0x0f) << 16),
    flags: ((b[2] & 0xf0) >>> 4) | ((b[3] & 0x0f) << 4),
    version: (b[3] & 0xf0) >>> 4,
    sortId: b[4],
  };
}
