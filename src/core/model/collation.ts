/**
 * The root attributes CollationLcid and CollationCaseSensitive (spec §4.2) derived from the database collation's
 * name, as COLLATIONPROPERTY(name, 'LCID') would give them. The table covers the collation families SQL Server
 * ships; a family it does not know gets 1033 (US English). DacFx uses these two attributes only to compare
 * names while it loads the model, so 1033 is a safe fallback: the collation itself travels in SqlDatabaseOptions.
 */

/** Collation family (the name up to the version/option suffix) → Windows LCID. */
const lcidByFamily: Record<string, number> = {
  Latin1_General: 1033,
  SQL_Latin1_General_CP1: 1033,
  SQL_Latin1_General_CP437: 1033,
  SQL_Latin1_General_CP850: 1033,
  SQL_Latin1_General_Pref_CP1: 1033,
  SQL_Latin1_General_Pref_CP437: 1033,
  SQL_Latin1_General_Pref_CP850: 1033,
  SQL_1xCompat_CP850: 1033,
  SQL_Latin1_General_CP1250: 1029,
  SQL_Latin1_General_CP1251: 1049,
  SQL_Latin1_General_CP1253: 1032,
  SQL_Latin1_General_CP1254: 1055,
  SQL_Latin1_General_CP1255: 1037,
  SQL_Latin1_General_CP1256: 1025,
  SQL_Latin1_General_CP1257: 1061,
  SQL_Danish_Pref_CP1: 1030,
  SQL_Icelandic_Pref_CP1: 1039,
  SQL_Scandinavian_CP850: 1035,
  SQL_Scandinavian_Pref_CP850: 1035,
  SQL_SwedishPhone_Pref_CP1: 1053,
  SQL_SwedishStd_Pref_CP1: 1053,
  SQL_Czech_CP1250: 1029,
  SQL_Hungarian_CP1250: 1038,
  SQL_Polish_CP1250: 1045,
  SQL_Romanian_CP1250: 1048,
  SQL_Croatian_CP1250: 1050,
  SQL_Slovak_CP1250: 1051,
  SQL_Slovenian_CP1250: 1060,
  SQL_Ukrainian_Cp1251: 1058,
  SQL_Estonian_CP1257: 1061,
  SQL_Latvian_CP1257: 1062,
  SQL_Lithuanian_CP1257: 1063,
  SQL_EBCDIC037_CP1: 1033,
  Albanian: 1052,
  Arabic: 1025,
  Azeri_Cyrillic: 2092,
  Azeri_Latin: 1068,
  Bashkir: 1133,
  Bengali: 1093,
  Bosnian_Cyrillic: 8218,
  Bosnian_Latin: 5146,
  Breton: 1150,
  Chinese_Hong_Kong_Stroke: 3076,
  Chinese_PRC: 2052,
  Chinese_PRC_Stroke: 133124,
  Chinese_Simplified_Pinyin: 2052,
  Chinese_Simplified_Stroke_Order: 133124,
  Chinese_Taiwan_Bopomofo: 197636,
  Chinese_Taiwan_Stroke: 1028,
  Chinese_Traditional_Bopomofo: 197636,
  Chinese_Traditional_Pinyin: 1028,
  Chinese_Traditional_Stroke_Count: 1028,
  Chinese_Traditional_Stroke_Order: 1028,
  Corsican: 1155,
  Croatian: 1050,
  Cyrillic_General: 1049,
  Czech: 1029,
  Danish_Greenlandic: 1030,
  Danish_Norwegian: 1030,
  Dari: 1164,
  Divehi: 1125,
  Estonian: 1061,
  Finnish_Swedish: 1035,
  French: 1036,
  Frisian: 1122,
  Georgian_Modern_Sort: 66615,
  German_PhoneBook: 66567,
  Greek: 1032,
  Hebrew: 1037,
  Hindi: 1081,
  Hungarian: 1038,
  Hungarian_Technical: 66574,
  Icelandic: 1039,
  Indic_General: 1081,
  Japanese: 1041,
  Japanese_Bushu_Kakusu: 263185,
  Japanese_Unicode: 66577,
  Japanese_XJIS: 1041,
  Kazakh: 1087,
  Khmer: 1107,
  Korean: 1042,
  Korean_Wansung: 1042,
  Lao: 1108,
  Latvian: 1062,
  Lithuanian: 1063,
  Macedonian_FYROM: 1071,
  Maltese: 1082,
  Maori: 1153,
  Mapudungan: 1146,
  Modern_Spanish: 3082,
  Mohawk: 1148,
  Nepali: 1121,
  Norwegian: 1044,
  Pashto: 1123,
  Persian: 1065,
  Polish: 1045,
  Romanian: 1048,
  Romansh: 1047,
  Sami_Norway: 1083,
  Sami_Sweden_Finland: 2107,
  Serbian_Cyrillic: 3098,
  Serbian_Latin: 2074,
  Slovak: 1051,
  Slovenian: 1060,
  Syriac: 1114,
  Tamazight: 2143,
  Tatar: 1092,
  Thai: 1054,
  Tibetan: 1105,
  Traditional_Spanish: 1034,
  Turkish: 1055,
  Turkmen: 1090,
  Uighur: 1152,
  Ukrainian: 1058,
  Upper_Sorbian: 1070,
  Urdu: 1056,
  Uzbek_Latin: 1091,
  Vietnamese: 1066,
  Welsh: 1106,
  Yakut: 1157,
};

/** The family part of a collation name: everything before the first version number or option (_CI, _BIN …). */
function collationFamily(name: string): string {
  const parts = name.split('_');
  const kept: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part) || /^(CI|CS|AI|AS|KS|WS|VSS|BIN|BIN2|UTF8|SC)$/i.test(part)) break;
    kept.push(part);
  }
  return kept.join('_');
}

export interface CollationInfo {
  lcid: number;
  caseSensitive: boolean;
  /** False when the family is not in the table and 1033 was assumed. */
  known: boolean;
}

export function collationInfo(name: string): CollationInfo {
  const family = collationFamily(name);
  const lcid = lcidByFamily[family];
  // Binary collations compare code points, so they are case-sensitive too.
  const caseSensitive = /(^|_)(CS|BIN2?)(_|$)/i.test(name);
  return { lcid: lcid ?? 1033, caseSensitive, known: lcid !== undefined };
}
