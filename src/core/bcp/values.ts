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
 * Decoders produce the canonical form: temporal text at the column's scale, uppercase GUIDs, decimals with
 * exactly `scale` fractional digits (money/smallmoney: 4).
 */
import type { SqlBaseType } from '../model/types';

/** A sql_variant value: its base type with that type's properties, and a value of that type. */
export interface SqlVariant {
  kind: 'sql_variant';
  baseType: SqlBaseType;
  /** The lossless value of the base type (never null: a NULL variant is the plain `null`). */
  value: Exclude<SqlValue, null | SqlVariant>;
  /** decimal/numeric */
  precision?: number;
  /** decimal/numeric, time, datetime2, datetimeoffset */
  scale?: number;
  /** binary/varbinary/char/varchar/nchar/nvarchar: declared maximum length in bytes. */
  maxLength?: number;
  /** char/varchar/nchar/nvarchar: the 5-byte TDS collation. */
  collation?: Uint8Array;
}

export type SqlValue = null | boolean | number | bigint | string | Uint8Array | SqlVariant;

/** A row: one value per non-computed column, in model column order. */
export type SqlRow = SqlValue[];
