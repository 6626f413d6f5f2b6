/**
 * A protocol-level SQL Server test double: TDS 7.4 on 127.0.0.1, with TLS, for `mssql`/tedious and FreeTDS.
 * Test-only; never shipped in the vsix.
 *
 * HANDLER API (stable; other test helpers build on it)
 * ----------------------------------------------------
 *   const server = await startTdsServer({ handler, authenticate?, failLogins?, tls?, collation?, … });
 *
 *   handler(request, ctx) → HandlerResult | Promise<HandlerResult>
 *     request: { sql, params, kind: 'batch' | 'rpc', connectionId, procedure? }
 *       - `batch()` sends kind 'batch'; `query()` sends kind 'rpc' with procedure 'sp_executesql', `sql` =
 *         the statement and `params` = the typed parameters by name without '@', as lossless SqlValues.
 *       - Other procedures (`request.execute('name')`) arrive as kind 'rpc', sql '' and `procedure` = name.
 *     ctx: { connectionId, login, isolationLevel, inTransaction, transactionDescriptor, signal, server }
 *       - isolationLevel is upper-case T-SQL ('READ COMMITTED', 'SNAPSHOT', …), already updated for a
 *         `SET TRANSACTION ISOLATION LEVEL …` inside this very request.
 *       - signal aborts on ATTENTION (cancel/timeout) or disconnect.
 *     HandlerResult:
 *       - ResponseItem[]: result sets `{ columns: [{ name, type: SqlType, nullable }], rows }` (rows: an
 *         Iterable or AsyncIterable of SqlRow in lossless form, streamed with socket backpressure) and
 *         `{ rowsAffected: n }` items (DML counts). `[]` = statement with no result (just DONE).
 *       - { error: { number, message, state?, class? } } → ERROR token + DONE with the error bit.
 *       - ResponseAction for faults: { resultSets, dropAfterRows } (socket destroyed after n rows),
 *         { resultSets, errorAfterRows, error } (ERROR mid-stream), { resultSets, delayMsPerRow } (slow),
 *         { hang: true } (no answer until ATTENTION or disconnect).
 *       - undefined → the double's own answer for session statements (SET …, BEGIN/COMMIT/ROLLBACK TRAN,
 *         SELECT 1), else error 50000 "no answer".
 *   The server answers by itself, without calling the handler: tedious's login SET batch (first request or
 *   a pool reset) and the pool's `SELECT 1;` validation. Every request is logged in `server.queries`.
 *
 *   authenticate(login) → 'ok' | { error } decides LOGIN7 (default: accept). `failLogins: n` answers the first
 *   n logins with the transient Azure error 40613 (tedious retries by itself).
 *   Transactions: TM requests (mssql's Transaction) and BEGIN/COMMIT/ROLLBACK text get ENVCHANGE 8/9/10 with
 *   8-byte descriptors; `server.connections[i].transactions` records each one with its isolation level.
 */
import * as net from 'node:net';
import type { ConnectionRecord, QueryRecord, TdsServer, TdsServerOptions } from './api';
import { CollationInfo, DEFAULT_COLLATION, collationByName } from './collation';
import type { LoginRequest } from './login7';
import { Session, SessionHost } from './session';
import { Certificate, selfSignedCertificate } from './tls';

export type {
  ConnectionRecord, HandlerAction, HandlerResult, LoginDecision, QueryRecord, RequestContext, RequestHandler,
  ResponseAction, ResponseItem, ResultSet, RowsAffected, SqlErrorSpec, TdsRequest, TdsServer, TdsServerOptions,
  TransactionRecord,
} from './api';
export type { ResultColumn } from './typeEncoders';
export type { LoginRequest } from './login7';

class ServerState implements SessionHost {
  port = 0;
  tlsEnabled = false;
  readonly connections: ConnectionRecord[] = [];
  readonly logins: LoginRequest[] = [];
  readonly queries: QueryRecord[] = [];
  readonly failures: Error[] = [];
  readonly sessions = new Set<Session>();
  closedBytes = 0;
  loginFailuresLeft: number;
  readonly collation: CollationInfo;
  readonly certificate: Certificate | null;
  private readonly listener: net.Server;

  constructor(readonly options: TdsServerOptions) {
    this.loginFailuresLeft = options.failLogins ?? 0;
    this.collation = collationByName(options.collation ?? DEFAULT_COLLATION);
    this.certificate = options.tls === 'off' ? null : selfSignedCertificate();
    if (options.tls && options.tls !== 'off' && !this.certificate) {
      throw new Error('TDS double: tls requested but no certificate could be made (is openssl installed?)');
    }
    this.tlsEnabled = this.certificate !== null;
    this.listener = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen(port, '127.0.0.1', () => {
        this.listener.removeListener('error', reject);
        this.port = (this.listener.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private accept(socket: net.Socket): void {
    const record: ConnectionRecord = {
      id: this.connections.length + 1, remotePort: socket.remotePort ?? 0, encrypted: false,
      isolationLevel: 'READ COMMITTED', isolationHistory: [], inTransaction: false, transactions: [], closed: false,
    };
    this.connections.push(record);
    const session = new Session(this, socket, record);
    this.sessions.add(session);
    socket.once('close', () => {
      record.closed = true;
      this.sessions.delete(session);
      session.closed();
    });
  }

  get bytesSent(): number {
    let total = this.closedBytes;
    for (const s of this.sessions) total += s.bytesWritten;
    return total;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sessions) s.destroy();
      this.listener.close(() => resolve());
    });
  }
}

export async function startTdsServer(options: TdsServerOptions = {}): Promise<TdsServer> {
  const server = new ServerState(options);
  await server.listen(options.port ?? 0);
  return server;
}
