/**
 * Lossless JavaScript values for every SQL type (what rows carry between the database and the BCP codec).
 *
 * A JS `Date` holds milliseconds and a `number` 53 bits, so they cannot carry datetime2(7), decimal(38,x),
 * money or bigint exactly. Values are therefore:
 *
 * | SQL type                                   | JS value                                                       |
 * |--------------------------------------------|----------------------------------------------------------------|
 * | NULL                                       | `null`                                                         |
 * | bit                                        | `boolean`                                                      |
 * | tinyint, smallint, int                     | `number`                                                       |
 * | bigint                                     | `bigint`                                                       |
 * | real, float                                | `number` (real holds a float32 value)                          |
 * | decimal, numeric, money, smallmoney        | `string`, plain decimal text: `-123.45`, `0.000123`, `12`       |
 * | date                                       | `string` `YYYY-MM-DD`                                          |
 * | time(n)                                    | `string` `HH:MM:SS[.fffffff]` (up to 7 fractional digits)      |
 * | datetime2(n)                               | `string` `YYYY-MM-DD HH:MM:SS[.fffffff]`                       |
 * | datetimeoffset(n)                          | `string` `YYYY-MM-DD HH:MM:SS[.fffffff] +HH:MM` (local + offset) |
 * | datetime                                   | `string` `YYYY-MM-DD HH:MM:SS[.fff]` (rounded to 1/300 s on encode) |
 * | smalldatetime                              | `string` `YYYY-MM-DD HH:MM[:SS]`                               |
 * | uniqueidentifier                           | `string`, canonical 8-4-4-4-12 hex (any case accepted)         |
 * | char, varchar, nchar, nvarchar, text, ntext, xml | `string`                                                 |
 * | binary, varbinary, image, rowversion       | `Uint8Array` (a Buffer is one)                                 |
 * | geography, geometry, hierarchyid           | `Uint8Array`: the CLR-serialised bytes                         |
 * | sql_variant                                | `SqlVariant`                                                   |
 *
 * Decoders produce the canonical form:
 * - temporal text at the column's scale: no fraction at scale 0, exactly n digits otherwise
 *   (`11:22:33`, `11:22:33.0000000`); datetime always `.fff`; smalldatetime always `HH:MM:00`;
 *   datetimeoffset always ` +HH:MM` (`+00:00` for UTC);
 * - uppercase GUIDs; decimals with exactly `scale` fractional digits (money/smallmoney: 4), no `-0`;
 * - char/nchar padded to their length, binary(n) zero-padded; bytes as `Buffer` copies (safe to keep);
 * - sql_variant with every property filled in (`maxLength`, `collation`, `precision`/`scale`).
 *
 * Encoders also accept, for convenience: a `bigint` for tinyint/smallint/int; a safe integer `number` or digit
 * text for bigint; `0`/`1` for bit; a finite `number` or `bigint` for decimal/numeric/money/smallmoney
 * (text is exact, numbers go through their shortest decimal form); `T` instead of the space between date and
 * time; `Z` or no offset (= +00:00) for datetimeoffset; GUIDs in braces. Values with more fractional digits
 * than the column keeps are rounded like SQL Server (decimal and money half away from zero; time types half up
 * to the scale, time wrapping at midnight, datetime2/datetimeoffset carrying into the next day; datetime to
 * .000/.003/.007; smalldatetime to the minute, 29.999 s up). Anything else is refused with
 * BackupError('format') naming the column. No `Date` objects: they cannot hold these types exactly.
 *
 * Column declarations the codec reads from `SqlType`: a missing scale on time/datetime2/datetimeoffset means 7,
 * a missing precision/scale on decimal/numeric means (18,0), a missing length on char/nchar/binary means 1 —
 * SQL Server's defaults. (model.xml leaves `Scale` out for scale 0, so a reader of model.xml must set it.)
 */
import type { SqlBaseType } from '../model/types';

/** A sql_variant value: its base type with that type's properties, and a value of that type. */
export interface SqlVariant {
  kind: 'sql_variant';
  baseType: SqlBaseType;
  /** The lossless value of the base type (never null: a NULL variant is the plain `null`). */
  value: Exclude<SqlValue, null | SqlVariant>;
  /** decimal/numeric (default: the smallest precision/scale that holds the value's text, as for a literal) */
  precision?: number;
  /** decimal/numeric, time, datetime2, datetimeoffset (time types default to 7) */
  scale?: number;
  /** binary/varbinary/char/varchar/nchar/nvarchar: declared maximum length in bytes (default: the value's own
   * length; char/nchar/binary values are padded to it). */
  maxLength?: number;
  /** char/varchar/nchar/nvarchar: the 5-byte TDS collation (default `09 04 D0 00 34`, SQL_Latin1_General_CP1_CI_AS).
   * char/varchar variants are stored in the collation's code page; only code page 1252 collations are supported. */
  collation?: Uint8Array;
}

export type SqlValue = null | boolean | number | bigint | string | Uint8Array | SqlVariant;

/** A row: one value per non-computed column, in model column order. */
export type SqlRow = SqlValue[];
