import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatConnectionString } from '../../core/connection/connectionString';
import { defaultConnectionOptions, type ConnectionSettings } from '../../core/connection/types';
import { parseArgs, UsageError } from '../args';
import { ExitCode } from '../exitCodes';
import { cancelOnSignals } from '../signals';
import { printSummary, printTables, runWithProgress } from './backup';
import { printRestoreSummary, restoreWithProgress } from './restore';

export const demoHelp = `Usage: cloud-db-backup demo [--serve] [options]

Starts a built-in demo database (an Umbraco 13 site served by the project's SQL Server test double on
127.0.0.1), backs it up into ./backups/, verifies the file and prints a per-table summary; then restores the
backup into a second, empty test double ("your local SQL Server") and compares every table's row count.
With --serve it only serves the database until Ctrl+C, and prints how to reach it: add it as an
environment in VS Code, or back it up with \`cloud-db-backup backup\`; no Azure account needed.
Available in a source checkout (npm run demo); the published extension does not ship the test double.

  --serve              serve the demo database until Ctrl+C instead of backing it up once
  --port N             the port to serve on (default: a free one)
  --scale N            data volume: 1 = about 50,000 rows (default), 24 = the full medium-site profile;
                       fractions like 0.1 give a smaller database
  --slow-rows MS       wait MS milliseconds after every row (time to try Cancel)
  --fail-after ROWS[:TIMES]
                       answer the first TIMES reads (default 1) of the largest table with Azure's
                       transient error 40613 after ROWS rows (to try the automatic restart)
  --out FOLDER         where the one-off backup goes (default ./backups; not with --serve)
  -h, --help           this help

The login's password is CLOUD_DB_PASSWORD when set, else a generated throwaway one, printed once.`;

/** What the dev-only bundle dist/demo-server.js exports (built from test/support, never shipped). */
interface DemoServerModule {
  startDemoServer(options: { scale: number; port?: number; password?: string; slowRowsMs?: number; failAfter?: { rows: number; times: number } }): Promise<{
    port: number;
    database: string;
    user: string;
    password: string;
    largestTable?: string;
    /** The empty server the demo restores into. */
    local: { port: number; user: string; password: string };
    close(): Promise<void>;
  }>;
}

export async function demoCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { flags, positionals } = parseArgs(argv, [
    { name: 'serve', kind: 'boolean' },
    { name: 'port', kind: 'number' },
    { name: 'scale', kind: 'string' },
    { name: 'slow-rows', kind: 'number' },
    { name: 'fail-after', kind: 'string' },
    { name: 'out', kind: 'string' },
    { name: 'help', kind: 'boolean', short: 'h' },
  ]);
  if (flags.help) {
    console.log(demoHelp);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
  const scaleText = (flags.scale as string | undefined) ?? '1';
  const scale = Number(scaleText);
  if (!/^\d+(\.\d+)?$/.test(scaleText) || scale < 0.01) throw new UsageError(`--scale must be a number of 0.01 or more, not '${scaleText}'.`);
  const port = flags.port as number | undefined;
  if (port !== undefined && port > 65535) throw new UsageError(`--port must be a port number (0 to 65535), not ${port}.`);
  const failAfterText = flags['fail-after'] as string | undefined;
  const failAfterMatch = failAfterText === undefined ? undefined : /^(\d+)(?::(\d+))?$/.exec(failAfterText);
  if (failAfterText !== undefined && !failAfterMatch) throw new UsageError(`--fail-after needs ROWS or ROWS:TIMES, like 100 or 100:2, not '${failAfterText}'.`);
  const failAfter = failAfterMatch ? { rows: Number(failAfterMatch[1]), times: Number(failAfterMatch[2] ?? 1) } : undefined;
  if (flags.serve && flags.out) throw new UsageError('--out is for the one-off backup; with --serve, give --out to `cloud-db-backup backup`.');

  const bundle = join(__dirname, 'demo-server.js');
  if (!existsSync(bundle)) {
    console.error('The demo needs the test double, which only a source checkout has: run `npm ci && npm run demo` there.');
    return ExitCode.failed;
  }
  // Loaded at run time so the CLI bundle itself never contains the test double.
  const { startDemoServer } = require(bundle) as DemoServerModule; // eslint-disable-line @typescript-eslint/no-require-imports
  console.log(`Starting the demo database (Umbraco 13, scale ${scale})…`);
  const server = await startDemoServer({ scale, port, password: env.CLOUD_DB_PASSWORD || undefined, slowRowsMs: flags['slow-rows'] as number | undefined, failAfter });
  const connection: ConnectionSettings = {
    ...defaultConnectionOptions,
    server: `tcp:127.0.0.1,${server.port}`,
    database: server.database,
    user: server.user,
    password: server.password,
    // The demo server uses a throwaway self-signed certificate.
    trustServerCertificate: true,
  };
  try {
    if (flags.serve) {
      printHowToConnect(connection, env.CLOUD_DB_PASSWORD ? undefined : server.password);
      if (flags['slow-rows']) console.log(`Slowed down: ${flags['slow-rows']} ms after every row.`);
      if (failAfter) console.log(`Faulty: the first ${failAfter.times} read${failAfter.times === 1 ? '' : 's'} of ${server.largestTable} fail${failAfter.times === 1 ? 's' : ''} with Azure's transient error 40613 after ${failAfter.rows} rows.`);
      console.log('Serving until Ctrl+C.');
      await new Promise<void>((stop) => {
        const signals = cancelOnSignals(() => {
          signals.dispose();
          stop();
        });
      });
      console.log('Demo server stopped.');
      return ExitCode.ok;
    }
    console.log(`Demo SQL Server listening on 127.0.0.1:${server.port}, database ${server.database}.`);
    const result = await runWithProgress({
      connection,
      outputFolder: resolve((flags.out as string | undefined) ?? 'backups'),
      compression: 'normal',
      consistency: 'snapshot',
      verify: true,
    });
    printSummary(result);
    printTables(result);
    console.log(`\nRestoring it into a second, empty SQL Server (127.0.0.1:${server.local.port}), as "Pull to Local" does…`);
    const restored = await restoreWithProgress({
      packagePath: result.path,
      target: {
        ...defaultConnectionOptions,
        server: `tcp:127.0.0.1,${server.local.port}`,
        database: 'umbraco-demo-local',
        user: server.local.user,
        password: server.local.password,
        trustServerCertificate: true,
      },
      parallelism: 4,
    });
    printRestoreSummary(restored);
    console.log(`\nCheck the backup again any time: cloud-db-backup verify "${result.path}"`);
    console.log(`Its schema as T-SQL: cloud-db-backup script "${result.path}"`);
    return ExitCode.ok;
  } finally {
    await server.close();
  }
}

/** The lines a newcomer pastes: the fields, a command line and a connection string, never the password in them. */
function printHowToConnect(connection: ConnectionSettings, generatedPassword: string | undefined): void {
  console.log('Demo database served on 127.0.0.1:');
  console.log(`  server:    ${connection.server}`);
  console.log(`  database:  ${connection.database}`);
  console.log(`  login:     ${connection.user}`);
  console.log(
    generatedPassword
      ? `  password:  ${generatedPassword}   (generated for this run; it guards nothing but this demo)`
      : '  password:  the value of CLOUD_DB_PASSWORD',
  );
  console.log('Back it up from another terminal (it asks for the password, or reads CLOUD_DB_PASSWORD):');
  console.log(`  cloud-db-backup backup --server ${connection.server} --database ${connection.database} --user ${connection.user} --trust-server-certificate`);
  console.log('Or in VS Code: Add Cloud Environment, paste this connection string, then type the password:');
  console.log(`  ${formatConnectionString(connection, { includePassword: false })}`);
  console.log('The demo server uses a throwaway self-signed certificate, hence TrustServerCertificate.');
}
