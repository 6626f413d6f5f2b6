/**
 * How each column of a table goes into a TDS bulk load (MS-TDS 2.2.6.1 BULK_LOAD; SqlClient's SqlBulkCopy and
 * FreeTDS's bcp do the same): its declaration in the INSERT BULK statement, its COLMETADATA entry, and whether it
 * is sent at all. Values are sent in the form the BCP field already holds, so no value is decoded:
 *
 * | column type                                        | declared and sent as                         |
 * |----------------------------------------------------|----------------------------------------------|
 * | bit, integers, real/float, money, date, datetime, smalldatetime, uniqueidentifier | its own nullable TDS type (INTN, FLTN, …) |
 * | decimal/numeric, time, datetime2, datetimeoffset   | its own type, precision and scale             |
 * | char, varchar, nchar, nvarchar, text, ntext, xml   | nvarchar(n) / nvarchar(max): BCP holds UTF-16; the server converts |
 * | binary, varbinary, image, geography, geometry, hierarchyid | varbinary(n) / varbinary(max) (SqlClient sends CLR types so) |
 * | sql_variant                                        | sql_variant                                   |
 * | rowversion, computed                               | not sent: the server makes them               |
 *
 * Identity columns ARE sent, which is how a bulk load keeps identity values (SqlClient's KeepIdentity only adds the
 * identity column to the INSERT BULK column list; without it the column is left out and the server numbers rows).
 */
import { bcpColumns, charLength, decimalPrecision, decimalScale, temporalScale } from '../../bcp/layout';
import { quoteName, type ColumnModel, type TableModel } from '../../model/types';

/** TDS type bytes used here (MS-TDS 2.2.5.4). */
export const BulkTdsType = {
  GUID: 0x24, INTN: 0x26, DATEN: 0x28, TIMEN: 0x29, DATETIME2N: 0x2a, DATETIMEOFFSETN: 0x2b, SSVARIANT: 0x62,
  BITN: 0x68, DECIMALN: 0x6a, FLTN: 0x6d, MONEYN: 0x6e, DATETIMN: 0x6f, BIGVARBIN: 0xa5, NVARCHAR: 0xe7,
} as const;

/** The largest non-(max) nvarchar/varbinary length in bytes. */
const maxInlineBytes = 8000;

export type BulkValueKind = 'fixed' | 'decimal' | 'temporal' | 'utf16' | 'bytes' | 'variant';

export interface BulkColumn {
  column: ColumnModel;
  /** Position among the BCP fields of a row. */
  field: number;
  kind: BulkValueKind;
  /** TDS type byte sent in COLMETADATA. */
  tdsType: number;
  /** fixed: payload bytes; decimal: TDS value length for the precision; utf16/bytes: max bytes, 0xFFFF = PLP. */
  length: number;
  /** `[name] type` in the INSERT BULK column list. */
  declaration: string;
}

export interface BulkTablePlan {
  table: TableModel;
  /** Every BCP field of a row, in order, and whether it is sent. */
  fields: { column: ColumnModel; sent?: BulkColumn }[];
  sent: BulkColumn[];
}

/** TDS type and value length of the fixed-size types; INSERT BULK declares them by their own name. */
const fixedTypes: Partial<Record<ColumnModel['type']['base'], [number, number]>> = {
  bit: [BulkTdsType.BITN, 1],
  tinyint: [BulkTdsType.INTN, 1],
  smallint: [BulkTdsType.INTN, 2],
  int: [BulkTdsType.INTN, 4],
  bigint: [BulkTdsType.INTN, 8],
  real: [BulkTdsType.FLTN, 4],
  float: [BulkTdsType.FLTN, 8],
  money: [BulkTdsType.MONEYN, 8],
  smallmoney: [BulkTdsType.MONEYN, 4],
  datetime: [BulkTdsType.DATETIMN, 8],
  smalldatetime: [BulkTdsType.DATETIMN, 4],
  date: [BulkTdsType.DATEN, 3],
  uniqueidentifier: [BulkTdsType.GUID, 16],
};

/** TDS decimal value length by precision (MS-TDS 2.2.5.5.1.3). */
export function decimalWireLength(precision: number): number {
  return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
}

function sentColumn(column: ColumnModel, field: number): BulkColumn | undefined {
  const { type } = column;
  const name = quoteName(column.name);
  const fixed = fixedTypes[type.base];
  if (fixed) return { column, field, kind: 'fixed', tdsType: fixed[0], length: fixed[1], declaration: `${name} ${type.base}` };
  switch (type.base) {
    case 'decimal':
    case 'numeric': {
      const p = decimalPrecision(type);
      const s = decimalScale(type);
      return { column, field, kind: 'decimal', tdsType: BulkTdsType.DECIMALN, length: decimalWireLength(p), declaration: `${name} ${type.base}(${p},${s})` };
    }
    case 'time':
    case 'datetime2':
    case 'datetimeoffset': {
      const tdsType = type.base === 'time' ? BulkTdsType.TIMEN : type.base === 'datetime2' ? BulkTdsType.DATETIME2N : BulkTdsType.DATETIMEOFFSETN;
      return { column, field, kind: 'temporal', tdsType, length: 0, declaration: `${name} ${type.base}(${temporalScale(type)})` };
    }
    case 'char': case 'varchar': case 'nchar': case 'nvarchar': case 'text': case 'ntext': case 'xml': {
      const bounded = !type.isMax && type.base !== 'text' && type.base !== 'ntext' && type.base !== 'xml';
      const bytes = bounded ? 2 * charLength(type) : Infinity;
      const plp = bytes > maxInlineBytes;
      return { column, field, kind: 'utf16', tdsType: BulkTdsType.NVARCHAR, length: plp ? 0xffff : bytes, declaration: `${name} nvarchar(${plp ? 'max' : bytes / 2})` };
    }
    case 'binary': case 'varbinary': case 'image': case 'geography': case 'geometry': case 'hierarchyid': {
      const bounded = (type.base === 'binary' || type.base === 'varbinary') && !type.isMax;
      const bytes = bounded ? charLength(type) : Infinity;
      const plp = bytes > maxInlineBytes;
      return { column, field, kind: 'bytes', tdsType: BulkTdsType.BIGVARBIN, length: plp ? 0xffff : bytes, declaration: `${name} varbinary(${plp ? 'max' : bytes})` };
    }
    case 'sql_variant':
      return { column, field, kind: 'variant', tdsType: BulkTdsType.SSVARIANT, length: 8009, declaration: `${name} sql_variant` };
    case 'rowversion':
      return undefined;
  }
  return undefined;
}

export function planBulkTable(table: TableModel): BulkTablePlan {
  const fields = bcpColumns(table.columns).map((column, field) => ({ column, sent: sentColumn(column, field) }));
  return { table, fields, sent: fields.flatMap((f) => (f.sent ? [f.sent] : [])) };
}

/**
 * The statement that opens a bulk load: KEEP_NULLS (a NULL stays NULL, defaults do not fill it in) and TABLOCK
 * (a bulk-update lock: minimal logging on an empty table). Constraints are created after the data, WITH CHECK.
 */
export function insertBulkStatement(plan: BulkTablePlan): string {
  return `INSERT BULK ${quoteName(plan.table.schema, plan.table.name)} (${plan.sent.map((c) => c.declaration).join(', ')}) WITH (KEEP_NULLS, TABLOCK)`;
}

/** COLMETADATA (MS-TDS 2.2.7.4) for the sent columns; `collation` (5 bytes) goes with the nvarchar columns. */
export function bulkColMetadata(plan: BulkTablePlan, collation: Buffer): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(3);
  head[0] = 0x81;
  head.writeUInt16LE(plan.sent.length, 1);
  parts.push(head);
  for (const c of plan.sent) {
    const info: number[] = [0, 0, 0, 0]; // UserType
    // Flags: nullable, updatable (read/write), identity.
    const flags = (c.column.nullable ? 0x01 : 0) | 0x04 | (c.column.identity ? 0x10 : 0);
    info.push(flags & 0xff, flags >> 8, c.tdsType);
    switch (c.kind) {
      case 'fixed':
        if (c.tdsType !== BulkTdsType.DATEN) info.push(c.length);
        break;
      case 'decimal':
        info.push(c.length, decimalPrecision(c.column.type), decimalScale(c.column.type));
        break;
      case 'temporal':
        info.push(temporalScale(c.column.type));
        break;
      case 'utf16':
        info.push(c.length & 0xff, c.length >> 8, ...collation);
        break;
      case 'bytes':
        info.push(c.length & 0xff, c.length >> 8);
        break;
      case 'variant':
        info.push(c.length & 0xff, (c.length >> 8) & 0xff, 0, 0);
        break;
    }
    const name = Buffer.from(c.column.name, 'utf16le');
    parts.push(Buffer.from(info), Buffer.from([c.column.name.length]), name);
  }
  return Buffer.concat(parts);
}

/** DONE (MS-TDS 2.2.7.6) that ends the bulk load's rows: final, no count. */
export function bulkDoneToken(): Buffer {
  const done = Buffer.alloc(13);
  done[0] = 0xfd;
  return done;
}
