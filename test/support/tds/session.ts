/**
 * One client connection: PRELOGIN → (TLS inside PRELOGIN packets) → LOGIN7 → requests, answered one at a
 * time in arrival order, with ATTENTION handled out of band.
 */
import type * as net from 'node:net';
import type { SqlValue } from '../../../src/core/bcp/values';
import type {
  BulkLoadData, ConnectionRecord, HandlerResult, LoginDecision, QueryRecord, RequestContext, ResponseAction, SqlErrorSpec, TdsRequest,
  TdsServer, TdsServerOptions, TransactionRecord,
} from './api';
import type { CollationInfo } from './collation';
import { LoginRequest, TDS_VERSION_7_4, parseLogin7 } from './login7';
import { DEFAULT_PACKET_SIZE, MessageWriter, PacketReader, PacketSink, PacketStatus, PacketType, StreamedTdsMessage, framePackets } from './packets';
import { Encrypt, buildPreloginResponse, negotiateEncryption, parsePrelogin } from './prelogin';
import { ResponseTarget, streamResponse, untilAborted, writeFinalDone } from './resultStream';
import { IsolationLevelName, TmRequestType, parseRpc, parseSqlBatch, parseTransactionManager } from './rpc';
import { SessionStatement, isSetOnly, isolationLevelIn, parseSessionStatements } from './sessionStatements';
import { Certificate, ServerTls } from './tls';
import {
  CURCMD_SELECT, DoneStatus, EnvChange, Token, writeColMetadata, writeDone, writeEnvChangeBytes, writeEnvChangeText,
  writeError, writeFeatureExtAckUtf8, writeInfo, writeLoginAck,
} from './tokens';
import { EncoderContext, columnEncoder } from './typeEncoders';
import { bulkLoadStream, type BulkLoadStream } from './bulkLoadMessage';

/** What a session needs from the server that accepted it. */
export interface SessionHost extends TdsServer {
  readonly options: TdsServerOptions;
  readonly certificate: Certificate | null;
  readonly collation: CollationInfo;
  loginFailuresLeft: number;
  /** Bytes sent by sessions that have closed. */
  closedBytes: number;
  readonly logins: LoginRequest[];
  readonly queries: QueryRecord[];
  readonly failures: Error[];
}

const PROGRAM = { programName: 'Microsoft SQL Server', major: 16, minor: 0, build: 1000 };
const KNOWN_TDS_VERSIONS = new Set([0x70000000, 0x71000000, 0x71000001, 0x72090002, 0x730a0003, 0x730b0003, 0x74000004]);

function isAction(result: HandlerResult): result is ResponseAction {
  return typeof result === 'object' && result !== null && !Array.isArray(result) &&
    ('hang' in result || 'resultSets' in result || 'dropAfterRows' in result || 'errorAfterRows' in result ||
      'delayMsPerRow' in result || 'infoMessages' in result);
}

type SessionState = 'prelogin' | 'tls' | 'login' | 'ready' | 'closed';

/** One client connection: PRELOGIN → (TLS) → LOGIN7 → requests, answered one at a time. */
export class Session {
  private state: SessionState = 'prelogin';
  private readonly reader: PacketReader<BulkLoadStream>;
  private readonly writer: MessageWriter;
  private tls?: ServerTls;
  private queue: Promise<void> = Promise.resolve();
  private current?: AbortController;
  private login?: LoginRequest;
  private transactionCounter = 0;
  private activeTransaction?: { descriptor: Buffer; record: TransactionRecord };
  private requestsSeen = 0;
  /** The INSERT BULK statement a BULK_LOAD message belongs to (the batch just before it). */
  private lastInsertBulk?: string;
  /** Requests received but not started yet, and whether an ATTENTION already cancelled the next one. */
  private waitingRequests = 0;
  private cancelNextRequest = false;
  private readonly spid: number;
  private readonly closeController = new AbortController();

  constructor(private readonly server: SessionHost, private readonly socket: net.Socket, private readonly record: ConnectionRecord) {
    this.spid = 50 + record.id;
    socket.setNoDelay(true);
    // A bulk load's rows are decoded as its packets arrive (only once logged in: the state is checked again on EOM).
    this.reader = new PacketReader<BulkLoadStream>(
      (m) => this.onMessage(m),
      (type) => (type === PacketType.BULK_LOAD && this.state === 'ready' ? this.newBulkLoadStream() : undefined),
    );
    this.writer = new MessageWriter(socket, DEFAULT_PACKET_SIZE, this.spid);
    socket.on('data', (chunk) => this.onRawData(chunk));
    socket.on('error', () => socket.destroy());
  }

  get bytesWritten(): number {
    return this.writer.bytesWritten;
  }

  destroy(): void {
    this.tls?.end();
    this.socket.destroy();
  }

  closed(): void {
    this.state = 'closed';
    this.closeController.abort();
    this.current?.abort();
    this.server.closedBytes += this.writer.bytesWritten;
    this.writer.bytesWritten = 0;
    this.tls?.end();
  }

  private fail(error: unknown): void {
    this.server.failures.push(error instanceof Error ? error : new Error(String(error)));
    this.destroy();
  }

  private onRawData(chunk: Buffer): void {
    try {
      if (this.tls && this.state !== 'tls') this.tls.feedRecords(chunk);
      else this.reader.push(chunk);
    } catch (e) {
      this.fail(e);
    }
  }

  private onMessage(message: StreamedTdsMessage<BulkLoadStream>): void {
    switch (this.state) {
      case 'prelogin':
        if (message.type !== PacketType.PRELOGIN) return this.fail(new Error(`expected PRELOGIN, got packet type ${message.type}`));
        return this.onPrelogin(message.payload);
      case 'tls':
        if (message.type !== PacketType.PRELOGIN) return this.fail(new Error(`expected TLS handshake in PRELOGIN, got ${message.type}`));
        this.tls!.feedHandshake(message.payload);
        return;
      case 'login':
        if (message.type !== PacketType.LOGIN7) return this.fail(new Error(`expected LOGIN7, got packet type ${message.type}`));
        return this.onLogin(message.payload);
      case 'ready':
        if (message.type === PacketType.ATTENTION) return this.onAttention();
        this.waitingRequests++;
        this.enqueue(() => this.onRequest(message));
        return;
      default:
        return;
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((e) => this.fail(e));
  }

  private onPrelogin(payload: Buffer): void {
    const request = parsePrelogin(payload);
    const answer = negotiateEncryption(request.encryption, this.server.options.tls ?? 'on', this.server.certificate !== null);
    this.socket.write(framePackets(PacketType.TABULAR_RESULT, buildPreloginResponse(answer), DEFAULT_PACKET_SIZE, this.spid));
    if (answer === Encrypt.REQ && request.encryption !== Encrypt.ON && request.encryption !== Encrypt.REQ) {
      // The client cannot continue; it closes after reading the answer.
      this.state = 'closed';
      return;
    }
    if (answer !== Encrypt.ON) {
      this.state = 'login';
      return;
    }
    this.state = 'tls';
    this.tls = new ServerTls(
      this.server.certificate!,
      (flight) => this.socket.write(framePackets(PacketType.PRELOGIN, flight, DEFAULT_PACKET_SIZE, this.spid)),
      (records, written) => {
        if (this.socket.destroyed || this.socket.write(records)) return written();
        const resume = (): void => {
          this.socket.removeListener('drain', resume);
          this.socket.removeListener('close', resume);
          written();
        };
        this.socket.once('drain', resume);
        this.socket.once('close', resume);
      },
      () => this.onTlsReady(),
    );
    this.tls.cleartext.on('error', (e) => this.fail(e));
  }

  private onTlsReady(): void {
    const tls = this.tls!;
    const leftover = this.reader.drainRemainder();
    this.state = 'login';
    this.record.encrypted = true;
    // From now on the raw socket carries TLS records; TDS packets come out of the cleartext side.
    tls.cleartext.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk);
      } catch (e) {
        this.fail(e);
      }
    });
    this.writer.setSink(tls.cleartext as unknown as PacketSink);
    if (leftover.length) tls.feedRecords(leftover);
  }

  private onLogin(payload: Buffer): void {
    const login = parseLogin7(payload);
    this.login = login;
    this.record.login = login;
    this.server.logins.push(login);
    const database = login.database || 'master';
    let decision: LoginDecision;
    if (this.server.loginFailuresLeft > 0) {
      this.server.loginFailuresLeft--;
      decision = {
        error: {
          number: 40613, state: 1, class: 17,
          message: `Database '${database}' on server '${this.serverName}' is not currently available.  Please retry the connection later.  If the problem persists, contact customer support, and provide them the session tracing ID of '00000000-0000-0000-0000-000000000000'.`,
        },
      };
    } else {
      decision = this.server.options.authenticate ? this.server.options.authenticate(login) : 'ok';
    }
    const w = this.writer;
    this.record.loginOutcome = decision === 'ok' ? 'ok' : decision.error.number;
    if (decision !== 'ok') {
      writeError(w, { ...decision.error, class: decision.error.class ?? 14, serverName: this.serverName });
      writeDone(w, Token.DONE, DoneStatus.ERROR, 0, 0);
      w.endMessage();
      this.state = 'closed';
      // SQL Server closes the connection after a failed login.
      setTimeout(() => this.socket.end(), 20).unref();
      return;
    }
    const version = KNOWN_TDS_VERSIONS.has(login.tdsVersion) ? login.tdsVersion : TDS_VERSION_7_4;
    const packetSize = Math.min(32767, Math.max(512, login.packetSize || DEFAULT_PACKET_SIZE));
    writeEnvChangeText(w, EnvChange.DATABASE, database, 'master');
    writeInfo(w, { number: 5701, state: 2, message: `Changed database context to '${database}'.`, serverName: this.serverName });
    writeEnvChangeBytes(w, EnvChange.SQL_COLLATION, this.server.collation.bytes, Buffer.alloc(0));
    writeEnvChangeText(w, EnvChange.LANGUAGE, 'us_english', '');
    writeInfo(w, { number: 5703, state: 1, message: 'Changed language setting to us_english.', serverName: this.serverName });
    writeLoginAck(w, { tdsVersion: version, ...PROGRAM });
    if (login.features.utf8Support) writeFeatureExtAckUtf8(w);
    writeEnvChangeText(w, EnvChange.PACKET_SIZE, String(packetSize), String(DEFAULT_PACKET_SIZE));
    writeDone(w, Token.DONE, DoneStatus.FINAL, 0, 0);
    w.endMessage();
    w.setPacketSize(packetSize);
    this.state = 'ready';
  }

  private get serverName(): string {
    return this.server.options.serverName ?? 'tds-double';
  }

  private onAttention(): void {
    if (this.current) this.current.abort();
    else if (this.waitingRequests > 0) this.cancelNextRequest = true;
    else this.enqueue(async () => this.sendAttentionAck());
  }

  private sendAttentionAck(): void {
    writeDone(this.writer, Token.DONE, DoneStatus.ATTN, 0, 0);
    this.writer.endMessage();
  }

  private context(signal: AbortSignal, descriptor: Buffer): RequestContext {
    return {
      connectionId: this.record.id, login: this.login!, isolationLevel: this.record.isolationLevel,
      inTransaction: this.record.inTransaction, transactionDescriptor: descriptor, signal, server: this.server,
    };
  }

  private setIsolation(level: string): void {
    this.record.isolationLevel = level;
    this.record.isolationHistory.push(level);
  }

  private resetSession(): void {
    if (this.activeTransaction) {
      this.activeTransaction.record.outcome = 'rolled back';
      this.activeTransaction = undefined;
      this.record.inTransaction = false;
    }
    this.record.isolationLevel = 'READ COMMITTED';
  }

  private async onRequest(message: StreamedTdsMessage<BulkLoadStream>): Promise<void> {
    this.waitingRequests--;
    if (this.state !== 'ready') return;
    const controller = new AbortController();
    if (this.cancelNextRequest) {
      // Cancelled before it started: an empty answer, then the acknowledgement (in `finally`).
      this.cancelNextRequest = false;
      controller.abort();
    }
    this.current = controller;
    const signal = AbortSignal.any([controller.signal, this.closeController.signal]);
    const w = this.writer;
    try {
      if (message.status & PacketStatus.IGNORE) {
        // The client gave up sending this request; it still reads one answer.
        writeDone(w, Token.DONE, DoneStatus.FINAL, 0, 0);
        w.endMessage();
        return;
      }
      if (controller.signal.aborted) {
        w.endMessage();
        return;
      }
      const reset = (message.status & PacketStatus.RESET_CONNECTION) !== 0;
      if (reset) {
        this.resetSession();
        writeEnvChangeBytes(w, EnvChange.RESET_CONNECTION, Buffer.alloc(0), Buffer.alloc(0));
      }
      const first = this.requestsSeen++ === 0;
      switch (message.type) {
        case PacketType.SQL_BATCH: {
          const { headers, sql } = parseSqlBatch(message.payload);
          this.lastInsertBulk = /^\s*insert\s+bulk\b/i.test(sql) ? sql : undefined;
          await this.answerSql({ sql, params: {}, kind: 'batch', connectionId: this.record.id }, headers.transactionDescriptor, signal, first || reset);
          break;
        }
        case PacketType.RPC_REQUEST: {
          const rpc = parseRpc(message.payload);
          const params: Record<string, SqlValue> = {};
          let sql = '';
          if (rpc.procedure === 'sp_executesql') {
            const [statement, , ...rest] = rpc.parameters;
            sql = typeof statement?.value === 'string' ? statement.value : '';
            const declared = rpc.parameters[1]?.name === 'params' ? rest : rpc.parameters.slice(1);
            for (const p of declared) params[p.name] = p.value;
          } else {
            for (const p of rpc.parameters) params[p.name] = p.value;
          }
          await this.answerSql({ sql, params, kind: 'rpc', connectionId: this.record.id, procedure: rpc.procedure }, rpc.headers.transactionDescriptor, signal, false);
          break;
        }
        case PacketType.TRANSACTION_MANAGER:
          this.answerTransactionManager(message.payload);
          break;
        case PacketType.BULK_LOAD:
          await this.answerBulkLoad(message, signal);
          break;
        default:
          writeError(w, { number: 50000, message: `TDS double: unsupported request packet type 0x${message.type.toString(16)}`, serverName: this.serverName });
          writeDone(w, Token.DONE, DoneStatus.ERROR, 0, 0);
          w.endMessage();
      }
    } finally {
      this.current = undefined;
      if (controller.signal.aborted && this.state === 'ready' && !this.socket.destroyed) this.sendAttentionAck();
    }
  }

  /** A bulk load's decoder: keeping its rows for the handler, or only counting them (`bulkRows: 'count'`). */
  private newBulkLoadStream(): BulkLoadStream {
    return bulkLoadStream(this.server.options.bulkRows !== 'count');
  }

  /** BULK_LOAD: the rows of the INSERT BULK before it, decoded and handed to the handler as kind 'bulk'. */
  private async answerBulkLoad(message: StreamedTdsMessage<BulkLoadStream>, signal: AbortSignal): Promise<void> {
    const sql = this.lastInsertBulk;
    this.lastInsertBulk = undefined;
    if (sql === undefined) return this.answerError({ number: 4022, class: 16, message: 'Bulk load data was expected but not sent. The batch will be terminated.' }, 'batch');
    let bulkLoad: BulkLoadData;
    try {
      // Streamed as it arrived; a message that came before login completed is read whole.
      const stream = message.stream ?? this.newBulkLoadStream();
      if (!message.stream) stream.push(message.payload);
      bulkLoad = stream.end();
    } catch (e) {
      this.server.failures.push(e instanceof Error ? e : new Error(String(e)));
      return this.answerError({ number: 4817, class: 16, message: `Could not bulk load: the TDS double cannot decode the rows: ${(e as Error).message}` }, 'batch');
    }
    await this.answerSql({ sql, params: {}, kind: 'bulk', connectionId: this.record.id, bulkLoad }, Buffer.alloc(8), signal, false);
  }

  private log(request: TdsRequest | { kind: 'tm'; sql: string; params: Record<string, SqlValue>; procedure?: string }, answeredBy: 'server' | 'handler', descriptor: Buffer): void {
    this.server.queries.push({
      connectionId: this.record.id, kind: request.kind, sql: request.sql, params: request.params,
      procedure: request.procedure, answeredBy, isolationLevel: this.record.isolationLevel,
      inTransaction: this.record.inTransaction, transactionDescriptor: descriptor.toString('hex'),
    });
  }

  private async answerSql(request: TdsRequest, descriptor: Buffer, signal: AbortSignal, loginBatch: boolean): Promise<void> {
    // A bulk load is answered like a batch.
    const kind = request.kind === 'rpc' ? 'rpc' : 'batch';
    const statements = request.kind === 'bulk' ? null : parseSessionStatements(request.sql);
    const selectOne = statements?.length === 1 && statements[0].kind === 'select1';
    const level = isolationLevelIn(request.sql);
    if (level) this.setIsolation(level);
    if ((loginBatch && request.kind === 'batch' && isSetOnly(statements)) || selectOne) {
      this.log(request, 'server', descriptor);
      return this.answerSessionStatements(statements!, kind);
    }
    const handler = this.server.options.handler;
    let result: HandlerResult;
    try {
      result = handler ? await handler(request, this.context(signal, descriptor)) : undefined;
    } catch (e) {
      this.log(request, 'handler', descriptor);
      this.server.failures.push(e instanceof Error ? e : new Error(String(e)));
      return this.answerError({ number: 50000, message: `TDS double handler threw: ${(e as Error).message}` }, kind);
    }
    if (result === undefined) {
      this.log(request, 'server', descriptor);
      if (statements) return this.answerSessionStatements(statements, kind);
      return this.answerError({ number: 50000, message: `TDS double: no answer for ${request.sql.slice(0, 200)}` }, kind);
    }
    this.log(request, 'handler', descriptor);
    if (signal.aborted) return this.endAborted();
    if (Array.isArray(result)) return streamResponse(this.responseTarget(), result, {}, kind, signal);
    if (isAction(result)) {
      if (result.hang) {
        await untilAborted(signal);
        return this.endAborted();
      }
      return streamResponse(this.responseTarget(), result.resultSets ?? [], result, kind, signal);
    }
    return this.answerError(result.error, kind);
  }

  /** After ATTENTION before any answer: one (empty) message ends the request; the ack follows separately. */
  private endAborted(): void {
    if (!this.socket.destroyed) this.writer.endMessage();
  }

  private answerError(error: SqlErrorSpec, kind: 'batch' | 'rpc'): void {
    const w = this.writer;
    writeError(w, { ...error, serverName: this.serverName });
    writeFinalDone(this.writer, kind, DoneStatus.ERROR);
    w.endMessage();
  }

  private newDescriptor(): Buffer {
    const d = Buffer.alloc(8);
    d.writeUInt32LE(++this.transactionCounter, 0);
    d.writeUInt32LE(this.record.id, 4);
    return d;
  }

  private beginTransaction(via: 'tm' | 'sql', name: string): void {
    const descriptor = this.newDescriptor();
    const record: TransactionRecord = { descriptor: descriptor.toString('hex'), isolationLevel: this.record.isolationLevel, name, via, outcome: 'open' };
    this.record.transactions.push(record);
    this.activeTransaction = { descriptor, record };
    this.record.inTransaction = true;
    writeEnvChangeBytes(this.writer, EnvChange.BEGIN_TRAN, descriptor, Buffer.alloc(0));
  }

  /** Returns false when there is no transaction to end. */
  private endTransaction(commit: boolean): boolean {
    const active = this.activeTransaction;
    if (!active) return false;
    active.record.outcome = commit ? 'committed' : 'rolled back';
    this.activeTransaction = undefined;
    this.record.inTransaction = false;
    writeEnvChangeBytes(this.writer, commit ? EnvChange.COMMIT_TRAN : EnvChange.ROLLBACK_TRAN, Buffer.alloc(0), active.descriptor);
    return true;
  }

  private answerSessionStatements(statements: SessionStatement[], kind: 'batch' | 'rpc'): void {
    const w = this.writer;
    for (const s of statements) {
      if (s.kind === 'begin') this.beginTransaction('sql', '');
      else if ((s.kind === 'commit' || s.kind === 'rollback') && !this.endTransaction(s.kind === 'commit')) {
        return this.answerError({
          number: s.kind === 'commit' ? 3902 : 3903,
          message: `The ${s.kind === 'commit' ? 'COMMIT' : 'ROLLBACK'} TRANSACTION request has no corresponding BEGIN TRANSACTION.`,
        }, kind);
      } else if (s.kind === 'select1') {
        const encoder = columnEncoder({ name: '', type: { base: 'int' }, nullable: false }, this.encoderContext());
        writeColMetadata(w, [encoder]);
        w.u8(Token.ROW);
        encoder.writeValue(w, 1);
        writeDone(w, kind === 'rpc' ? Token.DONEINPROC : Token.DONE, DoneStatus.COUNT | (kind === 'rpc' ? DoneStatus.MORE : 0), CURCMD_SELECT, 1);
        if (kind === 'rpc') writeFinalDone(this.writer, 'rpc', DoneStatus.FINAL);
        w.endMessage();
        return;
      }
    }
    writeFinalDone(this.writer, kind, DoneStatus.FINAL);
    w.endMessage();
  }

  private answerTransactionManager(payload: Buffer): void {
    const tm = parseTransactionManager(payload);
    const w = this.writer;
    const levelName = IsolationLevelName[tm.isolationLevel];
    if (tm.type === TmRequestType.BEGIN && levelName) this.setIsolation(levelName);
    this.log({ kind: 'tm', sql: `TM ${tm.type === TmRequestType.BEGIN ? 'BEGIN' : tm.type === TmRequestType.COMMIT ? 'COMMIT' : tm.type === TmRequestType.ROLLBACK ? 'ROLLBACK' : tm.type}`, params: {}, procedure: tm.name || undefined }, 'server', tm.headers.transactionDescriptor);
    if (tm.type === TmRequestType.BEGIN) {
      this.beginTransaction('tm', tm.name);
    } else if (tm.type === TmRequestType.COMMIT || tm.type === TmRequestType.ROLLBACK) {
      if (!this.endTransaction(tm.type === TmRequestType.COMMIT)) {
        writeError(w, { number: 3902, message: 'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.', serverName: this.serverName });
        writeDone(w, Token.DONE, DoneStatus.ERROR, 0, 0);
        w.endMessage();
        return;
      }
    }
    writeDone(w, Token.DONE, DoneStatus.FINAL, 0, 0);
    w.endMessage();
  }

  private responseTarget(): ResponseTarget {
    return {
      writer: this.writer,
      serverName: this.serverName,
      encoderContext: this.encoderContext(),
      nbcRow: this.server.options.nbcRow ?? 'auto',
      linkBytesPerSecond: this.server.options.linkBytesPerSecond,
      endAborted: () => this.endAborted(),
      drop: () => this.dropConnection(),
    };
  }

  private encoderContext(): EncoderContext {
    return {
      collation: this.server.collation,
      databaseName: this.login?.database || 'master',
      plpChunkSize: this.server.options.plpChunkSize ?? 8000,
    };
  }

  /** Send what is written so far, wait until the kernel has it, then cut the connection. */
  private async dropConnection(): Promise<void> {
    this.writer.flushPartial();
    this.state = 'closed';
    const out = (this.tls?.cleartext ?? this.socket) as net.Socket;
    await new Promise<void>((resolve) => out.write(Buffer.alloc(0), () => resolve()));
    await new Promise<void>((resolve) => this.socket.write(Buffer.alloc(0), () => resolve()));
    this.socket.destroy();
  }
}
