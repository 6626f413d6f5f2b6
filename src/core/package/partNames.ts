/**
 * BCP part names (bacpac-format.md §2.6): `Data/{schema}.{table}/TableData-{range:000}-{file:00000}.BCP`.
 *
 * Import finds a table's parts by the folder `{Uri.EscapeDataString(schema)}.{Uri.EscapeDataString(table)}`
 * (DacFx 170.5.96, `BacpacPackage.GetTablePackageParts`), so the folder is escaped exactly as .NET's
 * `Uri.EscapeDataString` does: every character outside RFC 3986 `unreserved` (`A–Z a–z 0–9 - _ . ~`) is
 * percent-encoded as UTF-8 with uppercase hex — also the sub-delims `! $ & ' ( ) * + , ; =` and `: @` that a URI
 * path could carry raw, because a raw one would not match DacFx's escaped prefix and the rows would be skipped
 * without a word (tools/dacfx-check/experiments/RESULTS.md). Names OPC cannot carry are refused rather than
 * mangled (microsoft/DacFx#637): `/` and `\` (would need %2F / %5C, which OPC forbids), control characters,
 * unpaired surrogates, and a folder segment ending in `.`.
 */
import { BackupError } from '../errors';

export const MAX_RANGE_INDEX = 999;
export const MAX_FILE_INDEX = 99999;

// unreserved (RFC 3986 §2.3): the only characters Uri.EscapeDataString leaves as they are.
const UNRESERVED = /[A-Za-z0-9\-._~]/;

function refuse(schema: string, table: string, why: string): never {
  throw new BackupError('unsupported', `Table [${schema}].[${table}] cannot be written to a bacpac: its name ${why}.`, {
    hint: 'Rename the table or schema, or exclude this table’s data from the backup.',
  });
}

/** Why the folder of `schema.table` cannot be an OPC part name segment (its name "…"), or undefined when it can. */
export function dataFolderProblem(schema: string, table: string): string | undefined {
  if (schema.length === 0 || table.length === 0) return 'is empty';
  for (const ch of schema + table) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'contains a control character';
    if (cp >= 0xd800 && cp <= 0xdfff) return 'contains an unpaired UTF-16 surrogate';
    if (ch === '/' || ch === '\\') return `contains "${ch}", which an OPC part name cannot carry`;
  }
  if (table.endsWith('.')) return 'ends with ".", which OPC forbids at the end of a part name segment';
  return undefined;
}

function escapeSegmentText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (UNRESERVED.test(ch)) {
      out += ch;
    } else {
      for (const byte of Buffer.from(ch, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

/** The folder segment `{schema}.{table}` escaped for a part name (throws BackupError 'unsupported' when impossible). */
export function dataFolderName(schema: string, table: string): string {
  const problem = dataFolderProblem(schema, table);
  if (problem) refuse(schema, table, problem);
  return escapeSegmentText(schema) + '.' + escapeSegmentText(table);
}

/** `Data/{schema}.{table}/TableData-{range:000}-{file:00000}.BCP`, escaped (no leading slash: the ZIP entry name). */
export function dataPartName(schema: string, table: string, range: number, file: number): string {
  if (!Number.isInteger(range) || range < 0 || range > MAX_RANGE_INDEX) {
    throw new BackupError('internal', `BCP range index ${range} is outside 0–${MAX_RANGE_INDEX}.`);
  }
  if (!Number.isInteger(file) || file < 0 || file > MAX_FILE_INDEX) {
    throw new BackupError('internal', `BCP file index ${file} is outside 0–${MAX_FILE_INDEX}.`);
  }
  return `Data/${dataFolderName(schema, table)}/TableData-${String(range).padStart(3, '0')}-${String(file).padStart(5, '0')}.BCP`;
}

export interface ParsedPartName {
  /** The decoded folder, `schema.table`. A `.` inside a schema name makes the split below ambiguous; the
   *  relationships in `_rels/.rels` carry the exact names (check with `dataPartName(schema, table, …) === name`). */
  folder: string;
  /** Text before the first `.` of the folder after its first character (schema names are never empty). */
  schema: string;
  /** The rest of the folder after that `.`. */
  table: string;
  range: number;
  file: number;
}

const PART_RE = /^\/?Data\/([^/]+)\/TableData-(\d{3})-(\d{5})\.BCP$/;

/** The inverse of `dataPartName`; `undefined` when `name` is not a well-formed BCP part name. Accepts a leading `/`. */
export function parsePartName(name: string): ParsedPartName | undefined {
  const m = PART_RE.exec(name);
  if (!m) return undefined;
  const folder = decodePercent(m[1]);
  if (folder === undefined) return undefined;
  // Schema names are never empty, so a leading '.' belongs to the schema.
  const dot = folder.indexOf('.', 1);
  if (dot <= 0 || dot === folder.length - 1) return undefined;
  return { folder, schema: folder.slice(0, dot), table: folder.slice(dot + 1), range: Number(m[2]), file: Number(m[3]) };
}

// What a URI path segment may carry unescaped (RFC 3986 §3.3 pchar). Our writer escapes more (see UNRESERVED), but a
// package from another writer may leave sub-delims raw and is still a well-formed OPC part name.
const PCHAR_RAW = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

/** Decodes %XX escapes as UTF-8; `undefined` on a malformed escape, invalid UTF-8, or a raw character a URI path
 *  cannot carry (a space, `[`, non-ASCII…): System.IO.Packaging does not expose such an entry as a part at all. */
function decodePercent(text: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (PCHAR_RAW.test(text[i])) {
      bytes.push(c);
    } else {
      return undefined;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/** Maps a running file number onto (range, file): after file 99999 of a range the next range starts, so one
 *  table can have more than 100,000 parts (import enumerates whatever ranges exist, §5.1). */
export function partIndexToRangeAndFile(fileIndex: number): { range: number; file: number } {
  if (!Number.isInteger(fileIndex) || fileIndex < 0) throw new BackupError('internal', `Invalid BCP part index ${fileIndex}.`);
  return { range: Math.floor(fileIndex / (MAX_FILE_INDEX + 1)), file: fileIndex % (MAX_FILE_INDEX + 1) };
}
