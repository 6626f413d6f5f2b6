import type { ObjectName } from '../model/types';

/**
 * Decides which tables' data to skip. Patterns are `schema.table` or just `table` (any schema), with `*` and `?`
 * wildcards, compared case-insensitively like SQL Server's default collation: `dbo.umbracoLog`, `*Log`,
 * `dbo.cms*`. Brackets are allowed: `[dbo].[umbracoLog]`.
 */
export function createDataExclusion(patterns: readonly string[] = []): (table: ObjectName) => boolean {
  const matchers = patterns
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const plain = p.replace(/\[([^\]]*)\]/g, '$1');
      const hasSchema = plain.includes('.');
      const regex = new RegExp(`^${plain.split('').map(wildcardChar).join('')}$`, 'i');
      return (t: ObjectName) => regex.test(hasSchema ? `${t.schema}.${t.name}` : t.name);
    });
  return (table) => matchers.some((m) => m(table));
}

function wildcardChar(ch: string): string {
  if (ch === '*') return '.*';
  if (ch === '?') return '.';
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
