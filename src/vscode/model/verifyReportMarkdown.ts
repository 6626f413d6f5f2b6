/** A VerifyReport as a readable Markdown document: verdict first, then problems, then what the package holds. */
import { basename } from 'node:path';
import type { VerifyReport } from '../../core/verify/types';
import { formatBytes, formatCount, formatDuration } from '../../shared/format';
import type { L10n } from './l10n';
import { escapeMarkdown } from './markdown';

/** Table cells: pipes and line breaks would break the row. */
function cell(text: string): string {
  return escapeMarkdown(text).replace(/\r?\n/g, ' ');
}

export function verifyReportMarkdown(report: VerifyReport, l10n: L10n, durationMs?: number): string {
  const out: string[] = [];
  out.push(`# ${l10n.t('Verification of {file}', { file: escapeMarkdown(basename(report.path)) })}`, '');
  out.push(
    report.ok
      ? `**${l10n.t('✓ The package is valid.')}** ${
          report.warnings.length > 0 ? l10n.t('{count} warnings.', { count: report.warnings.length }) : ''
        }`
      : `**${l10n.t('✗ The package has {count} errors.', { count: report.errors.length })}**`,
    '',
  );
  const facts: [string, string][] = [
    [l10n.t('File'), escapeMarkdown(report.path)],
    [l10n.t('Size'), formatBytes(report.bytes)],
  ];
  if (report.databaseName) facts.push([l10n.t('Database'), escapeMarkdown(report.databaseName)]);
  if (report.dspName) facts.push([l10n.t('Target platform'), escapeMarkdown(report.dspName)]);
  if (report.schemaVersion) facts.push([l10n.t('Model schema version'), escapeMarkdown(report.schemaVersion)]);
  facts.push([l10n.t('Rows decoded'), formatCount(report.totalRows)]);
  if (report.originRowCount !== undefined) facts.push([l10n.t('Rows recorded in Origin.xml'), formatCount(report.originRowCount)]);
  if (durationMs !== undefined) facts.push([l10n.t('Checked in'), formatDuration(durationMs)]);
  out.push(...facts.map(([k, v]) => `- **${k}:** ${v}`), '');

  const issues = (title: string, list: VerifyReport['errors']) => {
    if (list.length === 0) return;
    out.push(`## ${title}`, '', `| ${l10n.t('Code')} | ${l10n.t('Where')} | ${l10n.t('Message')} |`, '|---|---|---|');
    for (const i of list) out.push(`| \`${i.code.replace(/`/g, '')}\` | ${cell(i.where ?? '')} | ${cell(i.message)} |`);
    out.push('');
  };
  issues(l10n.t('Errors'), report.errors);
  issues(l10n.t('Warnings'), report.warnings);

  const counts = Object.entries(report.objectCounts).sort((a, b) => a[0].localeCompare(b[0]));
  if (counts.length > 0) {
    out.push(`## ${l10n.t('Schema objects')}`, '', `| ${l10n.t('Type')} | ${l10n.t('Count')} |`, '|---|---:|');
    for (const [type, n] of counts) out.push(`| ${cell(type)} | ${formatCount(n)} |`);
    out.push('');
  }
  if (report.tables.length > 0) {
    out.push(
      `## ${l10n.t('Tables ({count})', { count: report.tables.length })}`,
      '',
      `| ${l10n.t('Table')} | ${l10n.t('Rows')} | ${l10n.t('Parts')} | ${l10n.t('Data size')} |`,
      '|---|---:|---:|---:|',
    );
    for (const t of [...report.tables].sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`))) {
      const bytes = t.parts.reduce((s, p) => s + p.bytes, 0);
      out.push(`| ${cell(`${t.schema}.${t.name}`)} | ${formatCount(t.rows)} | ${t.parts.length} | ${formatBytes(bytes)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
