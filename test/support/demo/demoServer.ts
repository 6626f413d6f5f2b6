/**
 * Entry of the dev-only bundle dist/demo-server.js that `cloud-db-backup demo` loads: the Umbraco 13 demo
 * database served by the TDS double. Never part of the .vsix.
 */
import { generateUmbracoDatabase } from '../databases/umbraco/data';
import { serveDatabase } from './serveDatabase';

export async function startDemoServer(options: { scale: number }) {
  const db = generateUmbracoDatabase({ scale: options.scale, databaseName: 'umbraco-demo-live' });
  const served = await serveDatabase(db, { user: 'umbraco-demo-live-user' });
  return { port: served.port, database: served.database, user: served.user, password: served.password, close: () => served.close() };
}
