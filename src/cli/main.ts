// The `cloud-db-backup` command line: back up, verify, or try the built-in demo.
import { BackupError } from '../core/errors';
import { UsageError } from './args';
import { backupCommand, backupHelp } from './commands/backup';
import { demoCommand } from './commands/demo';
import { pullCommand } from './commands/pull';
import { restoreCommand } from './commands/restore';
import { scriptCommand } from './commands/script';
import { verifyCommand } from './commands/verify';
import { exitCodeFor, exitCodeHelp, ExitCode } from './exitCodes';
import { InterruptedError, signalExitCode } from './signals';

const mainHelp = `Usage: cloud-db-backup <command> [options]

Back up Umbraco Cloud / Azure SQL databases to .bacpac files that SSMS, SqlPackage and Azure import.
Nothing else to install: no SSMS, no SqlPackage, no .NET.

Commands:
  backup   back up a database (see: cloud-db-backup backup --help)
  verify   check a .bacpac file (see: cloud-db-backup verify --help)
  script   print the T-SQL that creates a .bacpac's schema (see: cloud-db-backup script --help)
  restore  restore a .bacpac into a SQL Server database (see: cloud-db-backup restore --help)
  pull     back up a Cloud database and restore it into your own SQL Server (see: cloud-db-backup pull --help)
  demo     back up the built-in demo database, or serve it with --serve (source checkout only)

Example (a scheduled backup, password from the environment):
  bash:        CLOUD_DB_PASSWORD=… cloud-db-backup backup --server tcp:example.database.windows.net,1433 \\
                 --database example-live --user example-live-user --out ~/backups --retain 14
  PowerShell:  $env:CLOUD_DB_PASSWORD = '…'
               cloud-db-backup backup --server tcp:example.database.windows.net,1433 \`
                 --database example-live --user example-live-user --out ~\\backups --retain 14
  cmd:         set "CLOUD_DB_PASSWORD=…"
               cloud-db-backup backup --server tcp:example.database.windows.net,1433 ^
                 --database example-live --user example-live-user --out %USERPROFILE%\\backups --retain 14

${exitCodeHelp}`;

// tedious names an IP address as the TLS server name, which Node flags (DEP0123) on every connection to
// 127.0.0.1; that says nothing to a person. Other warnings are still printed.
process.removeAllListeners('warning');
process.on('warning', (warning: NodeJS.ErrnoException) => {
  if (warning.code !== 'DEP0123') console.error(`${warning.name}: ${warning.message}`);
});

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        console.log(command === 'help' && rest[0] === 'backup' ? backupHelp : mainHelp);
        return ExitCode.ok;
      case 'backup':
        return await backupCommand(rest);
      case 'verify':
        return await verifyCommand(rest);
      case 'demo':
        return await demoCommand(rest);
      case 'script':
        return await scriptCommand(rest);
      case 'restore':
        return await restoreCommand(rest);
      case 'pull':
        return await pullCommand(rest);
      default:
        throw new UsageError(`Unknown command '${command}'.`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message} Run cloud-db-backup ${command && !command.startsWith('-') ? command + ' ' : ''}--help.`);
      return ExitCode.usage;
    }
    if (e instanceof BackupError) {
      const what = command === 'restore' ? 'Restore failed' : command === 'pull' ? 'Pull to Local failed' : 'Backup failed';
      console.error(`${e.kind === 'cancelled' ? 'Cancelled' : what}: ${e.message}`);
      if (e.details.hint) console.error(e.details.hint);
      return e instanceof InterruptedError ? signalExitCode(e.signal) : exitCodeFor(e.kind);
    }
    console.error(`Unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return ExitCode.failed;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(ExitCode.failed);
  },
);
