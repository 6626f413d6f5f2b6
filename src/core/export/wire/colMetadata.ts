/**
 * Reads a COLMETADATA token (MS-TDS 2.2.7.4, TDS 7.2+) far enough to know how each column's values are laid out
 * in the ROW tokens that follow: the wire type, its length class and the few TYPE_INFO fields that change a
 * value's shape. Column encryption is never requested, so there is no CEK table or crypto metadata.
 */

/** TDS data type bytes (MS-TDS 2.2.5.4). */
export const TdsType = {
  NULL: 0x1f, INT1: 0x30, BIT: 0x32, INT2: 0x34, INT4: 0x38, DATETIM4: 0x3a, FLT4: 0x3b, MONEY: 0x3c, DATETIME: 0x3d,
  FLT8: 0x3e, MONEY4: 0x7a, INT8: 0x7f,
  GUID: 0x24, INTN: 0x26, BITN: 0x68, DECIMALN: 0x6a, NUMERICN: 0x6c, FLTN: 0x6d, MONEYN: 0x6e, DATETIMN: 0x6f,
  DATEN: 0x28, TIMEN: 0x29, DATETIME2N: 0x2a, DATETIMEOFFSETN: 0x2b,
  BIGVARBIN: 0xa5, BIGVARCHR: 0xa7, BIGBINARY: 0xad, BIGCHAR: 0xaf, NVARCHAR: 0xe7, NCHAR: 0xef,
  TEXT: 0x23, IMAGE: 0x22, NTEXT: 0x63, XML: 0xf1, UDT: 0xf0, SSVARIANT: 0x62,
} as const;

/** How a value of the type is framed in a ROW token. */
export type WireLength =
  | 'fixed' // exactly `fixedBytes`
  | 'byte' // 1-byte length, 0 = NULL
  | 'ushort' // 2-byte length, 0xFFFF = NULL
  | 'plp' // 8-byte total, chunks, 0-length terminator; all-ones total = NULL
  | 'text' // text pointer length (0 = NULL), pointer, 8-byte timestamp, 4-byte length
  | 'long'; // 4-byte length, 0 = NULL (sql_variant)

export interface WireColumn {
  type: number;
  length: WireLength;
  /** Payload bytes of a 'fixed' type. */
  fixedBytes: number;
  /** decimal/numeric, time, datetime2 and datetimeoffset scale; 0 otherwise. */
  scale: number;
}

export type ColMetadataResult =
  | { kind: 'done'; columns: WireColumn[]; end: number }
  | { kind: 'more'; need: number };

/** Thrown when the server describes a column in a way this reader does not know. */
export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

const fixedBytes: Record<number, number> = {
  [TdsType.NULL]: 0, [TdsType.INT1]: 1, [TdsType.BIT]: 1, [TdsType.INT2]: 2, [TdsType.INT4]: 4, [TdsType.DATETIM4]: 4,
  [TdsType.FLT4]: 4, [TdsType.MONEY]: 8, [TdsType.DATETIME]: 8, [TdsType.FLT8]: 8, [TdsType.MONEY4]: 4, [TdsType.INT8]: 8,
};


/**
 * Parses the token that starts at `src[pos]` (its type byte, 0x81). `more` says how many bytes from the start of
 * `src` must be present before a retry can succeed.
 */
export function parseColMetadata(src: Buffer, pos: number, end: number): ColMetadataResult {
  let at = pos + 1;
  let need = 0;
  const has = (n: number): boolean => {
    if (at + n <= end) return true;
    need = at + n;
    return false;
  };
  // Skips a B_VARCHAR / US_VARCHAR (a length in characters, then UTF-16); false when src ends first.
  const skipText = (lengthBytes: 1 | 2): boolean => {
    if (!has(lengthBytes)) return false;
    const chars = lengthBytes === 1 ? src[at] : src.readUInt16LE(at);
    at += lengthBytes;
    if (!has(2 * chars)) return false;
    at += 2 * chars;
    return true;
  };

  if (!has(2)) return { kind: 'more', need };
  const count = src.readUInt16LE(at);
  at += 2;
  const columns: WireColumn[] = [];
  if (count === 0xffff) return { kind: 'done', columns, end: at }; // NoMetaData
  for (let i = 0; i < count; i++) {
    if (!has(7)) return { kind: 'more', need };
    // UserType (4 bytes) and Flags (2) tell the transcoders nothing the query plan does not.
    const type = src[at + 6];
    at += 7;
    const column: WireColumn = { type, length: 'fixed', fixedBytes: 0, scale: 0 };
    switch (type) {
      case TdsType.NULL: case TdsType.INT1: case TdsType.BIT: case TdsType.INT2: case TdsType.INT4: case TdsType.DATETIM4:
      case TdsType.FLT4: case TdsType.MONEY: case TdsType.DATETIME: case TdsType.FLT8: case TdsType.MONEY4: case TdsType.INT8:
        column.fixedBytes = fixedBytes[type];
        break;
      case TdsType.GUID: case TdsType.INTN: case TdsType.BITN: case TdsType.FLTN: case TdsType.MONEYN: case TdsType.DATETIMN:
        if (!has(1)) return { kind: 'more', need };
        column.length = 'byte';
        at += 1; // maximum length
        break;
      case TdsType.DECIMALN: case TdsType.NUMERICN:
        if (!has(3)) return { kind: 'more', need };
        column.length = 'byte';
        column.scale = src[at + 2]; // after the maximum length and the precision
        at += 3;
        break;
      case TdsType.DATEN:
        column.length = 'byte';
        break;
      case TdsType.TIMEN: case TdsType.DATETIME2N: case TdsType.DATETIMEOFFSETN:
        if (!has(1)) return { kind: 'more', need };
        column.length = 'byte';
        column.scale = src[at++];
        break;
      case TdsType.BIGVARBIN: case TdsType.BIGBINARY: case TdsType.BIGVARCHR: case TdsType.BIGCHAR: case TdsType.NVARCHAR: case TdsType.NCHAR: {
        const collated = type === TdsType.BIGVARCHR || type === TdsType.BIGCHAR || type === TdsType.NVARCHAR || type === TdsType.NCHAR;
        if (!has(collated ? 7 : 2)) return { kind: 'more', need };
        column.length = src.readUInt16LE(at) === 0xffff ? 'plp' : 'ushort';
        at += collated ? 7 : 2;
        break;
      }
      case TdsType.TEXT: case TdsType.NTEXT: case TdsType.IMAGE: {
        const collated = type !== TdsType.IMAGE;
        if (!has(collated ? 9 : 4)) return { kind: 'more', need };
        column.length = 'text';
        at += collated ? 9 : 4;
        // The table name: a part count, then each part as US_VARCHAR.
        if (!has(1)) return { kind: 'more', need };
        const parts = src[at++];
        for (let p = 0; p < parts; p++) if (!skipText(2)) return { kind: 'more', need };
        break;
      }
      case TdsType.SSVARIANT:
        if (!has(4)) return { kind: 'more', need };
        column.length = 'long';
        at += 4;
        break;
      case TdsType.XML: {
        if (!has(1)) return { kind: 'more', need };
        column.length = 'plp';
        const schemaPresent = src[at++];
        if (schemaPresent === 1 && (!skipText(1) || !skipText(1) || !skipText(2))) return { kind: 'more', need };
        break;
      }
      case TdsType.UDT:
        if (!has(2)) return { kind: 'more', need };
        column.length = 'plp';
        at += 2; // maximum length
        if (!skipText(1) || !skipText(1) || !skipText(1) || !skipText(2)) return { kind: 'more', need };
        break;
      default:
        throw new WireFormatError(`column ${i + 1} has the TDS type 0x${type.toString(16).padStart(2, '0')}, which this reader does not know`);
    }
    if (!skipText(1)) return { kind: 'more', need }; // the column name
    columns.push(column);
  }
  return { kind: 'done', columns, end: at };
}
