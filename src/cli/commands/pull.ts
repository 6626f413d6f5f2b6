import { parseArgs, UsageError } from '../args';
import { ExitCode, exitCodeHelp } from '../exitCodes';
import { targetFlagSpecs, targetFromFlags, targetHelp } from '../restoreTarget';
import { backupFlagSpecs, backupRequestFromFlags, printSummary, runWithProgress } from './backup';
import { printRestoreSummary, restoreWithProgress } from './restore';
import { umbracoConnectionString } from '../../core/restore/umbracoConnectionString';

export const pullHelp = `Usage: cloud-db-backup pull [backup options] --to-database NAME --to-user LOGIN [target options]

"Pull to Local": backs up a Cloud database (every option of \`cloud-db-backup backup\`: --server, --database,
--user, password from CLOUD_DB_PASSWORD, --out, …) and restores that backup into your own SQL Server, then
prints the connection string for Umbraco's appsettings.json (umbracoDbDSN). The backup file is kept.

Target:
${targetHelp('to-')}
  -h, --help                 this help

${exitCodeHelp}`;

export async function pullCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const specs = [...backupFlagSpecs.filter((s) => s.name !== 'help'), ...targetFlagSpecs('to-'), { name: 'help', kind: 'boolean' as const, short: 'h' }];
  const { flags, positionals } = parseArgs(argv, specs);
  if (flags.help) {
    console.log(pullHelp);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
  for (const unsupported of ['config', 'json']) {
    if (flags[unsupported] !== undefined) throw new UsageError(`pull does not take --${unsupported}; use it with \`cloud-db-backup backup\`.`);
  }
  // Both passwords before anything runs: no prompt in the middle of a long pull.
  const backup = await backupRequestFromFlags(flags, env);
  const target = await targetFromFlags(flags, 'to-', env);
  const backedUp = await runWithProgress(backup, { waitMs: ((flags['wait-for-lock'] as number | undefined) ?? 0) * 1000 });
  printSummary(backedUp);
  // The backup was verified as written: the restore takes that report instead of reading every row again.
  const restored = await restoreWithProgress({ packagePath: backedUp.path, verified: backedUp.verification, target, replace: flags.replace === true, includePrincipals: flags['include-users'] === true, parallelism: (flags['to-parallel'] as number | undefined) ?? 4 });
  printRestoreSummary(restored);
  console.log('\nFor appsettings.json (ConnectionStrings), the password left out:');
  console.log(`  "umbracoDbDSN": ${JSON.stringify(umbracoConnectionString(target, { includePassword: false }))},`);
  console.log('  "umbracoDbDSN_ProviderName": "Microsoft.Data.SqlClient"');
  return ExitCode.ok;
}
