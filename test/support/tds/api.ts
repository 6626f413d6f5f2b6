/**
 * The public vocabulary of the TDS double: what handlers receive and return, what the server records.
 * server.ts documents how the pieces fit; other test helpers import these types from './server'.
 */
import type { SqlRow, SqlValue } from '../../../src/core/bcp/values';
import type { LoginRequest } from './login7';
import type { SqlMessage } from './tokens';
import type { ResultColumn } from './typeEncoders';

export interface ResultSet {
  columns: ResultColumn[];
  rows: Iterable<SqlRow> | AsyncIterable<SqlRow>;
}

export interface RowsAffected {
  rowsAffected: number;
}

export type ResponseItem = ResultSet | RowsAffected;

export interface SqlErrorSpec {
  number: number;
  message: string;
  state?: number;
  class?: number;
}

export interface ResponseAction {
  resultSets?: ResponseItem[];
  /** Never answer; only ATTENTION (cancel/timeout) or a disconnect ends the request. */
  hang?: boolean;
  /** Send COLMETADATA and this many rows (counted over all result sets), then destroy the socket. */
  dropAfterRows?: number;
  /** Send this many rows, then `error` as an ERROR token and a DONE with the error bit. */
  errorAfterRows?: number;
  error?: SqlErrorSpec;
  /** Flush and wait this long after every row. */
  delayMsPerRow?: number;
  /** INFO tokens (PRINT output) sent before the results. */
  infoMessages?: SqlMessage[];
}

/** The brief's name for fault actions. */
export type HandlerAction = ResponseAction;

export type HandlerResult = ResponseItem[] | { error: SqlErrorSpec } | ResponseAction | undefined;

/** The rows of a BULK_LOAD message (packet type 0x07), decoded by the double (bulkLoadMessage.ts). */
export interface BulkLoadData {
  /** Column names and TYPE_INFO as the client's COLMETADATA declared them. */
  columns: { name: string; flags: number; typeId: number }[];
  /** Every row, unless the server was started with `bulkRows: 'count'` (then empty). */
  rows: SqlValue[][];
  rowCount: number;
}

export interface TdsRequest {
  /** For kind 'bulk': the INSERT BULK statement this connection sent before the rows. */
  sql: string;
  params: Record<string, SqlValue>;
  kind: 'batch' | 'rpc' | 'bulk';
  /** kind 'bulk' only. */
  bulkLoad?: BulkLoadData;
  connectionId: number;
  /** RPC only: 'sp_executesql' for `query()`, or the procedure name. */
  procedure?: string;
}

export interface RequestContext {
  connectionId: number;
  login: LoginRequest;
  isolationLevel: string;
  inTransaction: boolean;
  /** The descriptor the client sent in ALL_HEADERS (8 zero bytes outside a transaction). */
  transactionDescriptor: Buffer;
  signal: AbortSignal;
  server: TdsServer;
}

export type RequestHandler = (request: TdsRequest, ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;

export type LoginDecision = 'ok' | { error: SqlErrorSpec };

export interface TdsServerOptions {
  /** Default 0 (any free port). Always bound to 127.0.0.1. */
  port?: number;
  handler?: RequestHandler;
  authenticate?: (login: LoginRequest) => LoginDecision;
  /** Answer the first n logins with transient error 40613. */
  failLogins?: number;
  /** 'on' (default when a certificate can be made): TLS when the client asks; 'required': refuse plain clients. */
  tls?: 'off' | 'on' | 'required';
  /** Server default collation (char columns, varchar parameters). Default SQL_Latin1_General_CP1_CI_AS. */
  collation?: string;
  /** Name in ERROR tokens and messages. Default 'tds-double'. */
  serverName?: string;
  /** NBCROW for NULL-heavy rows: 'auto' (default) when it saves bytes. */
  nbcRow?: 'auto' | 'never' | 'always';
  /** PLP chunk size for (max) values. Default 8000. */
  plpChunkSize?: number;
  /**
   * A network link per connection: result rows go out at no more than this many bytes a second on each
   * connection (the benchmark's stand-in for a server whose rate per connection is the limit). Default: no cap.
   */
  linkBytesPerSecond?: number;
  /** 'keep' (default): a bulk load hands its decoded rows to the handler; 'count': only how many (memory flat). */
  bulkRows?: 'keep' | 'count';
}

export interface TransactionRecord {
  descriptor: string;
  isolationLevel: string;
  name: string;
  via: 'tm' | 'sql';
  outcome: 'open' | 'committed' | 'rolled back';
}

export interface ConnectionRecord {
  id: number;
  remotePort: number;
  encrypted: boolean;
  login?: LoginRequest;
  /** 'ok', or the error number the login was answered with. */
  loginOutcome?: 'ok' | number;
  isolationLevel: string;
  /** Every isolation level the session was switched to, in order. */
  isolationHistory: string[];
  inTransaction: boolean;
  transactions: TransactionRecord[];
  closed: boolean;
}

export interface QueryRecord {
  connectionId: number;
  kind: 'batch' | 'rpc' | 'tm' | 'bulk';
  sql: string;
  params: Record<string, SqlValue>;
  procedure?: string;
  /** Who answered: the double itself (login batch, SELECT 1, session statements) or the handler. */
  answeredBy: 'server' | 'handler';
  isolationLevel: string;
  inTransaction: boolean;
  transactionDescriptor: string;
}

export interface TdsServer {
  readonly port: number;
  /** Whether TLS is offered (certificate made and `tls` not 'off'). */
  readonly tlsEnabled: boolean;
  readonly connections: ConnectionRecord[];
  readonly logins: LoginRequest[];
  readonly queries: QueryRecord[];
  /** Errors inside the double (bad handler values, protocol surprises): a test should assert it is empty. */
  readonly failures: Error[];
  /** Bytes of TDS packets written (for throughput measurements). */
  readonly bytesSent: number;
  close(): Promise<void>;
}
