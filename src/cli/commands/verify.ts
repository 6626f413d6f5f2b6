import { verifyBacpac } from '../../core/verify/verifyBacpac';
import type { VerifyReport } from '../../core/verify/types';
import { resolveCliPath } from '../cliPaths';
import { parseArgs, UsageError } from '../args';
import { ExitCode, exitCodeHelp } from '../exitCodes';
import { formatCount } from '../../shared/format';
import { formatBytes } from '../progressReporter';

export const verifyHelp = `Usage: cloud-db-backup verify FILE [--json]

Checks a .bacpac the way an import would: the zip rules SSMS and SqlPackage apply, the model checksum,
Origin.xml, every reference in model.xml, and every row of every table's data. Prints a report.

  --json       print the report as JSON
  -h, --help   this help

${exitCodeHelp}`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, [
    { name: 'json', kind: 'boolean' },
    { name: 'help', kind: 'boolean', short: 'h' },
  ]);
  if (flags.help) {
    console.log(verifyHelp);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError('verify needs exactly one FILE.');
  const report = await verifyBacpac(resolveCliPath(positionals[0]));
  console.log(flags.json ? JSON.stringify(report, null, 2) : formatReport(report));
  if (report.ok) return ExitCode.ok;
  // A file that is missing, unreadable or not a regular file is a file problem, not a package that fails to verify.
  return report.errors.some((e) => e.code.startsWith('file.')) ? ExitCode.io : ExitCode.verifyFailed;
}

/** One indented line of a per-table listing, names padded to `width`. */
export function tableLine(name: string, width: number, what: string): string {
  return `    ${name.padEnd(width)}  ${what}`;
}

export function formatReport(report: VerifyReport): string {
  const lines = [
    `${report.ok ? 'OK' : 'FAILED'}: ${report.path}`,
    `  ${formatBytes(report.bytes)}; database ${report.databaseName ?? '?'}; ${report.dspName ?? '?'} (schema ${report.schemaVersion ?? '?'})`,
    `  ${formatCount(report.totalRows)} rows in ${report.tables.length} tables with data` +
      (report.originRowCount !== undefined ? ` (Origin.xml says ${formatCount(report.originRowCount)})` : ''),
  ];
  for (const e of report.errors) lines.push(`  error ${e.code}: ${e.message}${e.where ? ` [${e.where}]` : ''}`);
  for (const w of report.warnings) lines.push(`  warning ${w.code}: ${w.message}${w.where ? ` [${w.where}]` : ''}`);
  if (report.tables.length > 0) {
    const width = Math.max(...report.tables.map((t) => `${t.schema}.${t.name}`.length));
    lines.push('  tables:');
    for (const t of report.tables) {
      lines.push(tableLine(`${t.schema}.${t.name}`, width, `${formatCount(t.rows).padStart(10)} ${t.rows === 1 ? 'row ' : 'rows'}  ${t.parts.length} part${t.parts.length === 1 ? '' : 's'}`));
    }
  }
  return lines.join('\n');
}
