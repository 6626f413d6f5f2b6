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

/**
 * A regular expression that matches the names `pattern` produces for `database` at any time, so retention can
 * find this database's earlier backups and leave every other file alone.
 */
export function backupFileNameMatcher(pattern: string | undefined, database: string): RegExp {
  const effective = pattern ?? defaultFileNamePattern;
  // formatBackupFileName validates the pattern, and appends .bacpac when the pattern lacks it.
  formatBackupFileName(effective, database, new Date(2000, 0, 1));
  const withExtension = !effective.toLowerCase().endsWith('.bacpac');
  const source = effective.split(/(\{\w+\})/).map((piece) => {
    switch (piece) {
      case '{database}':
        return escapeRegExp(database.replace(unsafeFileNameChars, '_'));
      case '{yyyy}':
        return '\\d{4}';
      case '{MM}':
      case '{dd}':
      case '{HH}':
      case '{mm}':
      case '{ss}':
        return '\\d{2}';
      default:
        return escapeRegExp(piece);
    }
  });
  return new RegExp(`^${source.join('')}${withExtension ? '\\.bacpac' : ''}$`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
