import { BackupError } from '../errors';

/** Splits a model.xml name such as `[dbo].[Order]]s].[Id]` into its unquoted parts (`]]` is an escaped `]`). */
export function splitQuotedName(name: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < name.length) {
    if (name[i] !== '[') throw new BackupError('format', `model.xml: "${name}" is not a bracket-quoted name.`);
    let part = '';
    i++;
    for (;;) {
      if (i >= name.length) throw new BackupError('format', `model.xml: "${name}" has an unclosed bracket.`);
      if (name[i] === ']') {
        if (name[i + 1] === ']') {
          part += ']';
          i += 2;
          continue;
        }
        i++;
        break;
      }
      part += name[i++];
    }
    parts.push(part);
    if (i < name.length) {
      if (name[i] !== '.') throw new BackupError('format', `model.xml: "${name}" has no "." between its parts.`);
      i++;
    }
  }
  return parts;
}
