/**
 * Convenience wrapper: start the TDS double and get `mssql` configs that reach it.
 *
 *   const fake = await startFakeSqlServer({ handler });
 *   const pool = await new sql.ConnectionPool(fake.config({ database: 'Shop' })).connect();
 *   …
 *   await pool.close(); await fake.close();
 */
import type { config as MssqlConfig } from 'mssql';
import { startTdsServer, TdsServer, TdsServerOptions } from './server';

export interface FakeSqlServer {
  readonly server: TdsServer;
  readonly port: number;
  /**
   * An mssql config for 127.0.0.1:port: user 'sa', password 'fake-password', database 'FakeDb', encrypted
   * when the double offers TLS (with trustServerCertificate), short timeouts. `overrides.options` merges.
   */
  config(overrides?: Partial<MssqlConfig>): MssqlConfig;
  close(): Promise<void>;
}

export async function startFakeSqlServer(options: TdsServerOptions = {}): Promise<FakeSqlServer> {
  const server = await startTdsServer(options);
  return {
    server,
    port: server.port,
    config(overrides: Partial<MssqlConfig> = {}): MssqlConfig {
      const { options: optionOverrides, pool, ...rest } = overrides;
      return {
        server: '127.0.0.1',
        port: server.port,
        user: 'sa',
        password: 'fake-password',
        database: 'FakeDb',
        connectionTimeout: 5000,
        requestTimeout: 15000,
        ...rest,
        pool: { max: 4, min: 0, idleTimeoutMillis: 1000, ...pool },
        options: {
          encrypt: server.tlsEnabled,
          trustServerCertificate: true,
          // The certificate names localhost; an IP as TLS server name draws a Node deprecation warning.
          serverName: 'localhost',
          ...optionOverrides,
        },
      };
    },
    close: () => server.close(),
  };
}
