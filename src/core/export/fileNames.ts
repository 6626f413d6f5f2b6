import { BackupError } from '../errors';
import type { PathApi } from '../files/platformPaths';
import { isWindowsDeviceStem, shortenWithHash, unsafeFileNameChars } from '../files/safeNames';
import { defaultFileNamePattern } from './types';

/**
 * Backup file names from the pattern, safe on Windows, macOS and Linux. The pattern and the database name are
 * turned once into a template (fixed text and date fields) that both formats names and matches them, so
 * retention recognises exactly the names a backup writes — whatever the template had to change to get there.
 */

/**
 * The longest file name, in UTF-8 bytes, a backup may have: file systems allow 255, and the rest is left for the
 * temporary file's decoration.
 */
export const maxBackupFileNameBytes = 200;

type DateField = 'yyyy' | 'MM' | 'dd' | 'HH' | 'mm' | 'ss';
const dateFieldWidths: Record<DateField, number> = { yyyy: 4, MM: 2, dd: 2, HH: 2, mm: 2, ss: 2 };
const isDateField = (token: string): token is DateField => token in dateFieldWidths;

/** A file name with its date fields left open: `text` pieces are fixed, `field` pieces are the digits of a date. */
export type FileNamePiece = { text: string } | { field: DateField };

/**
 * The file names one database's backups get: the pattern with the database name filled in and made safe.
 * Throws BackupError('invalid') for a pattern that cannot give a usable name.
 */
export function backupFileNameTemplate(pattern: string | undefined, database: string): FileNamePiece[] {
  const effective = pattern ?? defaultFileNamePattern;
  const parts = parsePattern(effective.toLowerCase().endsWith('.bacpac') ? effective : `${effective}.bacpac`, effective);
  let databaseText = database.replace(unsafeFileNameChars, '_');

  const first = parts.find((p) => !('literal' in p) || p.literal !== '');
  if (first && 'literal' in first && first.literal.startsWith('.')) {
    throw new BackupError('invalid', `The file name pattern "${effective}" gives names that start with a dot, which hides the files. Remove the leading dot.`);
  }
  if (first && 'database' in first) {
    // A database named ".shop" would give a hidden file: its leading dots become visible underscores.
    databaseText = databaseText.replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  }
  let pieces = avoidDeviceName(fill(parts, databaseText));

  const excess = byteLength(pieces) - maxBackupFileNameBytes;
  if (excess > 0) {
    pieces = avoidDeviceName(fill(parts, shortenWithHash(databaseText, database, Buffer.byteLength(databaseText) - excess)));
    if (byteLength(pieces) > maxBackupFileNameBytes) {
      throw new BackupError('invalid', `The file name pattern "${effective}" gives names longer than ${maxBackupFileNameBytes} bytes, more than file systems allow. Shorten the pattern.`);
    }
  }
  if (render(pieces, new Date(2000, 0, 1)).replace(/\.bacpac$/i, '').trim() === '') {
    throw new BackupError('invalid', `The file name pattern "${effective}" does not give a usable file name.`);
  }
  return pieces;
}

type PatternPart = { literal: string } | { database: true } | { field: DateField };

function parsePattern(pattern: string, shownPattern: string): PatternPart[] {
  return pattern.split(/(\{\w+\})/).map((part): PatternPart => {
    const token = /^\{(\w+)\}$/.exec(part)?.[1];
    if (token === undefined) {
      if (part.search(unsafeFileNameChars) >= 0) {
        throw new BackupError('invalid', `The file name pattern "${shownPattern}" contains characters a file name cannot have (< > : " / \\ | ? * or control characters).`);
      }
      return { literal: part };
    }
    if (token === 'database') return { database: true };
    if (isDateField(token)) return { field: token };
    throw new BackupError('invalid', `The file name pattern uses {${token}}, which is not known. Use {database}, {yyyy}, {MM}, {dd}, {HH}, {mm} and {ss}.`);
  });
}

function fill(parts: PatternPart[], databaseText: string): FileNamePiece[] {
  const pieces = parts.map((p): FileNamePiece => ('literal' in p ? { text: p.literal } : 'database' in p ? { text: databaseText } : { field: p.field }));
  return pieces.filter((p) => !('text' in p) || p.text !== '');
}

/**
 * Windows opens a device instead of a file when the name before its first dot is a device name. Date fields are
 * two or four digits, which no device name has, so this only depends on the fixed text: when the name would be
 * a device, a `_` goes before the first dot (`CON.bacpac` → `CON_.bacpac`).
 */
function avoidDeviceName(pieces: FileNamePiece[]): FileNamePiece[] {
  let stem = '';
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (!('text' in piece)) return pieces;
    const dot = piece.text.indexOf('.');
    if (dot < 0) {
      stem += piece.text;
      continue;
    }
    if (!isWindowsDeviceStem(stem + piece.text.slice(0, dot))) return pieces;
    const suffixed = { text: `${piece.text.slice(0, dot)}_${piece.text.slice(dot)}` };
    return [...pieces.slice(0, i), suffixed, ...pieces.slice(i + 1)];
  }
  return pieces;
}

function byteLength(pieces: FileNamePiece[]): number {
  return pieces.reduce((sum, p) => sum + ('text' in p ? Buffer.byteLength(p.text) : dateFieldWidths[p.field]), 0);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function fieldValue(field: DateField, at: Date): string {
  const values: Record<DateField, number> = {
    yyyy: at.getFullYear(),
    MM: at.getMonth() + 1,
    dd: at.getDate(),
    HH: at.getHours(),
    mm: at.getMinutes(),
    ss: at.getSeconds(),
  };
  return pad(values[field], dateFieldWidths[field]);
}

function render(pieces: FileNamePiece[], at: Date): string {
  return pieces.map((p) => ('text' in p ? p.text : fieldValue(p.field, at))).join('');
}

/**
 * The backup's file name from a pattern: `{database}-{yyyy}-{MM}-{dd}-{HH}.{mm}.{ss}.bacpac` gives the same name
 * as the PowerShell + DacFx script people use today. Times are local, as that script writes them.
 */
export function formatBackupFileName(pattern: string | undefined, database: string, at: Date): string {
  return render(backupFileNameTemplate(pattern, database), at);
}

/**
 * Why `pattern` cannot be used to find this database's earlier backups, or undefined when it can. Retention
 * deletes files, so it needs names that say whose backup a file is ({database}) and when it was taken
 * ({yyyy}, {MM}, {dd}; the time fields are optional): otherwise it would delete other databases' backups, or
 * could not order them.
 */
export function retentionPatternProblem(pattern: string | undefined): string | undefined {
  const effective = pattern ?? defaultFileNamePattern;
  const tokens = new Set([...effective.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  const missing = ['database', 'yyyy', 'MM', 'dd'].filter((t) => !tokens.has(t));
  if (missing.length === 0) return undefined;
  return `The file name pattern "${effective}" has no ${missing.map((t) => `{${t}}`).join(', ')}, so retention could not tell this database's backups and their dates from other files. Add them to the pattern, or keep all backups.`;
}

/**
 * When `name` is exactly a name `pattern` produces for `database` (same case, valid date), the date and time
 * its fields give; otherwise undefined. Retention orders backups by this, never by modification times, which
 * clock skew, synced folders and copies change. Names are read through the same template that writes them, so
 * a name the template made safe (a suffix, a hash) is still recognised.
 */
export function backupFileNameDate(pattern: string | undefined, database: string, name: string): Date | undefined {
  let pieces: FileNamePiece[];
  try {
    pieces = backupFileNameTemplate(pattern, database);
  } catch {
    return undefined;
  }
  const order: DateField[] = [];
  const source = pieces.map((p) => {
    if ('text' in p) return escapeRegExp(p.text);
    order.push(p.field);
    return `(\\d{${dateFieldWidths[p.field]}})`;
  });
  const match = new RegExp(`^${source.join('')}$`).exec(name);
  if (!match) return undefined;
  const fields: Record<DateField, number> = { yyyy: 2000, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0 };
  order.forEach((field, i) => (fields[field] = Number(match[i + 1])));
  const at = new Date(fields.yyyy, fields.MM - 1, fields.dd, fields.HH, fields.mm, fields.ss);
  // Round trip: a month 13 or a 31 February rolls over into another date and another name.
  return render(pieces, at) === name ? at : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where a backup is written: its final path, and its temporary file next to it (same folder, so the final rename
 * is atomic), both built with the given path rules.
 */
export function backupFilePaths(folder: string, fileName: string, tempName: string, path: PathApi): { finalPath: string; tempPath: string } {
  return { finalPath: path.join(folder, fileName), tempPath: path.join(folder, tempName) };
}
