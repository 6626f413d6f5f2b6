/**
 * The SQL Server test double as a process of its own, for the UI tier: code-server's extension host must reach
 * it over TCP like a real server. Prints one JSON line on stdout once listening, then serves until SIGTERM or
 * SIGINT (the UI runner stops it by process group and PID).
 *
 * Usage (bundled by test/vscode/harness/doubleServer.mjs): node double-server.js normal|firewall|slow [database]
 * Output: {"scenario":"normal","server":"tcp:127.0.0.1,PORT","port":PORT,"database":"…","user":"…","password":"…"}
 * The password is generated per run and exists only for this throwaway double.
 */
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { startRestoreTarget } from '../../support/tds/database/restoreTargetServer';
import { doubleScenarios, scenarioScale, serveScenario, type DoubleScenario } from './doubleScenarios';

export interface DoubleServerInfo {
  scenario: DoubleScenario;
  server: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/**
 * 'local': an empty SQL Server to restore into ("Pull to Local"), expecting the schema of the database `source`
 * (the 'normal' scenario's). Its database field is empty: the restore creates one.
 */
async function serveLocal(source: string): Promise<{ info: DoubleServerInfo; close(): Promise<void> }> {
  const local = await startRestoreTarget({ model: generateUmbracoDatabase({ scale: scenarioScale, databaseName: source }).model });
  return {
    info: { scenario: 'local' as DoubleScenario, server: `tcp:127.0.0.1,${local.server.port}`, port: local.server.port, database: '', user: local.user, password: local.password },
    close: () => local.close(),
  };
}

async function main(): Promise<void> {
  const [scenario, databaseName] = process.argv.slice(2);
  if (scenario === 'local') {
    const local = await serveLocal(databaseName ?? '');
    process.stdout.write(`${JSON.stringify(local.info)}\n`);
    const stopLocal = () => void local.close().then(() => process.exit(0), () => process.exit(1));
    process.once('SIGTERM', stopLocal);
    process.once('SIGINT', stopLocal);
    return;
  }
  if (!doubleScenarios.includes(scenario as DoubleScenario)) {
    throw new Error(`scenario must be one of ${doubleScenarios.join(', ')}; got ${scenario ?? 'nothing'}`);
  }
  const served = await serveScenario(scenario as DoubleScenario, databaseName || undefined);
  const info: DoubleServerInfo = {
    scenario: scenario as DoubleScenario,
    server: `tcp:127.0.0.1,${served.port}`,
    port: served.port,
    database: served.database,
    user: served.user,
    password: served.password,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  const stop = () => {
    served.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`double server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
