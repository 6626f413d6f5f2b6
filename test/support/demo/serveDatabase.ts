/**
 * Serves a generated database on 127.0.0.1 through the TDS double, the way Umbraco Cloud's Azure SQL would:
 * a database-scoped login (wrong password → 18456, another database → 4060), TLS, and every query the backup
 * sends answered from the in-memory model and rows.
 */
import { randomBytes } from 'node:crypto';
import { defaultConnectionOptions, type ConnectionSettings } from '../../../src/core/connection/types';
import { queryNameOf } from '../../../src/core/catalog/queries';
import type { GeneratedDatabase } from '../databases/generatedDatabase';
import { createDatabaseResponder, type CatalogExtras } from '../tds/database/createDatabaseResponder';
import { startTdsServer, type HandlerResult, type LoginDecision, type RequestHandler, type TdsServer, type TdsServerOptions } from '../tds/server';
import { cannotOpenDatabase, loginFailed } from '../tds/scenarios';
import type { LoginRequest } from '../tds/login7';

export interface ServedDatabase {
  server: TdsServer;
  port: number;
  database: string;
  user: string;
  /** Generated per run; tests check it never shows up in logs or messages. */
  password: string;
  /** Connection settings that reach this database (trusting its throwaway certificate). */
  settings(overrides?: Partial<ConnectionSettings>): ConnectionSettings;
  close(): Promise<void>;
}

export interface ServeOptions extends Omit<TdsServerOptions, 'handler' | 'authenticate'> {
  user?: string;
  password?: string;
  /** Snapshot isolation setting the database reports (default on, as on Azure SQL Database). */
  snapshotIsolation?: boolean;
  extras?: CatalogExtras;
  /** Runs before the database answers: return a result to take over a request (fault scenarios). */
  intercept?: RequestHandler;
  /** Replaces the login check (fault scenarios: firewall, transient errors). */
  authenticate?: (login: LoginRequest) => LoginDecision;
}

/** What `Test Connection` asks: the server version, the database and the edition, as Azure SQL Database answers. */
function connectionTestAnswer(db: GeneratedDatabase): HandlerResult {
  const text = { base: 'nvarchar', length: 128 } as const;
  return [
    {
      columns: ['server_version', 'database_name', 'edition', 'service_objective'].map((name) => ({ name, type: text, nullable: true })),
      rows: [[db.model.server.isAzureSqlDatabase ? '12.0.2000.8' : `${db.model.server.majorVersion}.0.1000.0`, db.model.name, db.model.server.isAzureSqlDatabase ? 'SQL Azure' : 'Developer Edition (64-bit)', db.model.server.isAzureSqlDatabase ? 'GP_S_Gen5_1' : null]],
    },
  ];
}

export async function serveDatabase(db: GeneratedDatabase, options: ServeOptions = {}): Promise<ServedDatabase> {
  const database = db.model.name;
  const user = options.user ?? `${database}-user`;
  const password = options.password ?? `Pw-${randomBytes(9).toString('base64url')}`;
  const snapshotAnswer = (): HandlerResult => [
    {
      columns: [
        { name: 'snapshot_isolation_state', type: { base: 'tinyint' }, nullable: true },
        { name: 'is_read_committed_snapshot_on', type: { base: 'bit' }, nullable: true },
      ],
      rows: [[options.snapshotIsolation === false ? 0 : 1, true]],
    },
  ];
  const responder = createDatabaseResponder({
    model: db.model,
    rows: (t) => db.rows(t),
    rowCount: (t) => db.rowCount(t),
    extras: options.extras,
    fallback: (request) => {
      const name = queryNameOf(request.sql)?.name;
      if (name === 'cdb:consistency:snapshot-state') return snapshotAnswer();
      if (name === 'cdb:connection:test') return connectionTestAnswer(db);
      return undefined;
    },
  });
  const handler: RequestHandler = async (request, ctx) => {
    const taken = options.intercept ? await options.intercept(request, ctx) : undefined;
    return taken !== undefined ? taken : responder(request, ctx);
  };
  const authenticate =
    options.authenticate ??
    ((login: LoginRequest): LoginDecision => {
      if (login.user !== user || !login.passwordMatches(password)) return { error: loginFailed(login.user) };
      // Cloud logins are database-scoped: anything but their own database fails, master included.
      if (login.database.toLowerCase() !== database.toLowerCase()) return { error: cannotOpenDatabase(login.database || 'master') };
      return 'ok';
    });
  const { user: _u, password: _p, snapshotIsolation: _s, extras: _e, intercept: _i, authenticate: _a, ...serverOptions } = options;
  const server = await startTdsServer({ ...serverOptions, handler, authenticate });
  return {
    server,
    port: server.port,
    database,
    user,
    password,
    settings: (overrides = {}) => ({
      ...defaultConnectionOptions,
      server: `tcp:127.0.0.1,${server.port}`,
      database,
      user,
      password,
      encrypt: server.tlsEnabled,
      trustServerCertificate: true,
      connectTimeoutSeconds: 10,
      ...overrides,
    }),
    close: () => server.close(),
  };
}
