import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultConnectionOptions } from '../../core/connection/types';
import { parseArgs, UsageError } from '../args';
import { ExitCode } from '../exitCodes';
import { printSummary, printTables, runWithProgress } from './backup';

export const demoHelp = `Usage: cloud-db-backup demo [--scale N] [--out FOLDER]

Starts a built-in demo database (an Umbraco 13 site served by the project's SQL Server test double on
127.0.0.1), backs it up into ./backups/, verifies the file and prints a per-table summary.
Available in a source checkout (npm run demo); the published extension does not ship the test double.

  --scale N      data volume: 1 = about 50,000 rows (default), 24 = the full medium-site profile
  --out FOLDER   where to write the backup (default ./backups)
  -h, --help     this help`;

/** What the dev-only bundle dist/demo-server.js exports (built from test/support, never shipped). */
interface DemoServerModule {
  startDemoServer(options: { scale: number }): Promise<{
    port: number;
    database: string;
    user: string;
    password: string;
    close(): Promise<void>;
  }>;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, [
    { name: 'scale', kind: 'number' },
    { name: 'out', kind: 'string' },
    { name: 'help', kind: 'boolean', short: 'h' },
  ]);
  if (flags.help) {
    console.log(demoHelp);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
  const scale = (flags.scale as number | undefined) ?? 1;
  if (scale < 1) throw new UsageError('--scale must be 1 or more.');
  const bundle = join(__dirname, 'demo-server.js');
  if (!existsSync(bundle)) {
    console.error('The demo needs the test double, which only a source checkout has: run `npm ci && npm run demo` there.');
    return ExitCode.failed;
  }
  // Loaded at run time so the CLI bundle itself never contains the test double.
  const { startDemoServer } = require(bundle) as DemoServerModule; // eslint-disable-line @typescript-eslint/no-require-imports
  console.log(`Starting the demo database (Umbraco 13, scale ${scale})…`);
  const server = await startDemoServer({ scale });
  try {
    console.log(`Demo SQL Server listening on 127.0.0.1:${server.port}, database ${server.database}.`);
    const result = await runWithProgress({
      connection: {
        ...defaultConnectionOptions,
        server: `tcp:127.0.0.1,${server.port}`,
        database: server.database,
        user: server.user,
        password: server.password,
        // The demo server uses a throwaway self-signed certificate.
        trustServerCertificate: true,
      },
      outputFolder: resolve((flags.out as string | undefined) ?? 'backups'),
      compression: 'normal',
      consistency: 'snapshot',
      verify: true,
    });
    printSummary(result);
    printTables(result);
    console.log(`\nCheck it again any time: cloud-db-backup verify "${result.path}"`);
    return ExitCode.ok;
  } finally {
    await server.close();
  }
}
