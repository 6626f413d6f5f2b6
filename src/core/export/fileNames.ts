import { BackupError } from '../errors';
import { defaultFileNamePattern } from './types';

/** Characters Windows, macOS and Linux refuse in a file name: control characters are exactly what it must catch. */
// eslint-disable-next-line no-control-regex
const unsafeFileNameChars = /[<>:"/\\|?*\u0000-\u001f]/g;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The backup's file name from a pattern: `{database}-{yyyy}-{MM}-{dd}-{HH}.{mm}.{ss}.bacpac` gives the same name
 * as the PowerShell + DacFx script people use today. Times are local, as that script writes them.
 */
export function formatBackupFileName(pattern: string | undefined, database: string, at: Date): string {
  const tokens: Record<string, string> = {
    database: database.replace(unsafeFileNameChars, '_'),
    yyyy: pad(at.getFullYear(), 4),
    MM: pad(at.getMonth() + 1),
    dd: pad(at.getDate()),
    HH: pad(at.getHours()),
    mm: pad(at.getMinutes()),
    ss: pad(at.getSeconds()),
  };
  const name = (pattern ?? defaultFileNamePattern).replace(/\{(\w+)\}/g, (whole, token: string) => {
    if (!(token in tokens)) {
      throw new BackupError('invalid', `The file name pattern uses {${token}}, which is not known. Use {database}, {yyyy}, {MM}, {dd}, {HH}, {mm} and {ss}.`);
    }
    return tokens[token];
  });
  if (name.replace(/\.bacpac$/i, '').trim() === '') {
    throw new BackupError('invalid', `The file name pattern "${pattern}" does not give a usable file name.`);
  }
  if (name.search(unsafeFileNameChars) >= 0) {
    throw new BackupError('invalid', `The file name "${name}" contains characters a file name cannot have (< > : " / \\ | ? *).`);
  }
  return name.toLowerCase().endsWith('.bacpac') ? name : `${name}.bacpac`;
}

const dateTokens = ['yyyy', 'MM', 'dd', 'HH', 'mm', 'ss'] as const;
type DateToken = (typeof dateTokens)[number];

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
 * clock skew, synced folders and copies change.
 */
export function backupFileNameDate(pattern: string | undefined, database: string, name: string): Date | undefined {
  const effective = pattern ?? defaultFileNamePattern;
  const order: DateToken[] = [];
  const source = effective.split(/(\{\w+\})/).map((piece) => {
    const token = /^\{(\w+)\}$/.exec(piece)?.[1];
    if (token === 'database') return escapeRegExp(database.replace(unsafeFileNameChars, '_'));
    if (token && (dateTokens as readonly string[]).includes(token)) {
      order.push(token as DateToken);
      return token === 'yyyy' ? '(\\d{4})' : '(\\d{2})';
    }
    return escapeRegExp(piece);
  });
  const withExtension = !effective.toLowerCase().endsWith('.bacpac');
  const match = new RegExp(`^${source.join('')}${withExtension ? '\\.bacpac' : ''}$`).exec(name);
  if (!match) return undefined;
  const fields: Record<DateToken, number> = { yyyy: 2000, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0 };
  order.forEach((token, i) => (fields[token] = Number(match[i + 1])));
  const at = new Date(fields.yyyy, fields.MM - 1, fields.dd, fields.HH, fields.mm, fields.ss);
  // Round trip: a month 13 or a 31 February rolls over into another date and another name.
  try {
    return formatBackupFileName(effective, database, at) === name ? at : undefined;
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
