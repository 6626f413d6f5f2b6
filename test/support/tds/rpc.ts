/**
 * Client request payloads: ALL_HEADERS (with the 8-byte transaction descriptor), SQL_BATCH text,
 * RPC_REQUEST (mssql's `query()` is `sp_executesql`, proc id 10, with an NVARCHAR/PLP statement and typed
 * parameters) and TransactionManagerRequest (BEGIN/COMMIT/ROLLBACK with the isolation level).
 */
import type { SqlValue } from '../../../src/core/bcp/values';
import { Reader, readTypeInfo, readValue } from './typeDecoders';

export interface AllHeaders {
  /** The transaction the client believes it is in (8 zero bytes outside a transaction). */
  transactionDescriptor: Buffer;
  outstandingRequestCount: number;
}

const NO_TRANSACTION = Buffer.alloc(8);

/** Reads ALL_HEADERS at the start of a payload; returns them and where the request body starts. */
export function readAllHeaders(payload: Buffer): { headers: AllHeaders; bodyOffset: number } {
  const headers: AllHeaders = { transactionDescriptor: NO_TRANSACTION, outstandingRequestCount: 1 };
  if (payload.length < 4) return { headers, bodyOffset: 0 };
  const total = payload.readUInt32LE(0);
  // A batch without ALL_HEADERS (TDS < 7.2 clients) starts with UCS-2 text, which cannot look like this.
  if (total < 4 || total > payload.length) return { headers, bodyOffset: 0 };
  let offset = 4;
  while (offset + 6 <= total) {
    const length = payload.readUInt32LE(offset);
    const type = payload.readUInt16LE(offset + 4);
    if (type === 2 && length >= 18) {
      headers.transactionDescriptor = Buffer.from(payload.subarray(offset + 6, offset + 14));
      headers.outstandingRequestCount = payload.readUInt32LE(offset + 14);
    }
    if (length < 6) break;
    offset += length;
  }
  return { headers, bodyOffset: total };
}

export function parseSqlBatch(payload: Buffer): { headers: AllHeaders; sql: string } {
  const { headers, bodyOffset } = readAllHeaders(payload);
  return { headers, sql: payload.toString('utf16le', bodyOffset) };
}

/** Well-known procedure ids (MS-TDS §2.2.6.6 ProcID). */
export const ProcId: Record<number, string> = {
  1: 'sp_cursor', 2: 'sp_cursoropen', 3: 'sp_cursorprepare', 4: 'sp_cursorexecute', 5: 'sp_cursorprepexec',
  6: 'sp_cursorunprepare', 7: 'sp_cursorfetch', 8: 'sp_cursoroption', 9: 'sp_cursorclose', 10: 'sp_executesql',
  11: 'sp_prepare', 12: 'sp_execute', 13: 'sp_prepexec', 14: 'sp_prepexecrpc', 15: 'sp_unprepare',
};

export interface RpcParameter {
  /** Without the leading '@'. */
  name: string;
  output: boolean;
  value: SqlValue;
  typeId: number;
}

export interface RpcRequest {
  headers: AllHeaders;
  procedure: string;
  parameters: RpcParameter[];
}

export function parseRpc(payload: Buffer): RpcRequest {
  const { headers, bodyOffset } = readAllHeaders(payload);
  const r = new Reader(payload, bodyOffset);
  const nameLength = r.u16();
  const procedure = nameLength === 0xffff ? ProcId[r.u16()] ?? 'unknown_proc' : r.bytes(nameLength * 2).toString('utf16le');
  r.u16(); // option flags
  const parameters: RpcParameter[] = [];
  while (r.pos < payload.length) {
    const first = payload[r.pos];
    // 0xFF / 0xFE separate batched RPCs; tedious never batches, so one procedure is enough.
    if (first === 0xff || first === 0xfe || first === 0x80) break;
    const name = r.bVarchar().replace(/^@/, '');
    const status = r.u8();
    const info = readTypeInfo(r, 'param');
    const value = readValue(r, info, 'param');
    parameters.push({ name, output: (status & 0x01) !== 0, value, typeId: info.id });
  }
  return { headers, procedure, parameters };
}

export const TmRequestType = {
  BEGIN: 5,
  PROMOTE: 6,
  COMMIT: 7,
  ROLLBACK: 8,
  SAVE: 9,
} as const;

/** TM_BEGIN_XACT isolation level byte → T-SQL name (0 = no change). */
export const IsolationLevelName: Record<number, string> = {
  1: 'READ UNCOMMITTED', 2: 'READ COMMITTED', 3: 'REPEATABLE READ', 4: 'SERIALIZABLE', 5: 'SNAPSHOT',
};

export interface TransactionManagerRequest {
  headers: AllHeaders;
  type: number;
  /** TM_BEGIN_XACT only; 0 = keep the session's level. */
  isolationLevel: number;
  name: string;
}

export function parseTransactionManager(payload: Buffer): TransactionManagerRequest {
  const { headers, bodyOffset } = readAllHeaders(payload);
  const r = new Reader(payload, bodyOffset);
  const type = r.u16();
  let isolationLevel = 0;
  let name = '';
  if (type === TmRequestType.BEGIN) {
    isolationLevel = r.u8();
    const n = r.u8();
    name = r.bytes(n).toString('utf16le');
  } else if (type === TmRequestType.COMMIT || type === TmRequestType.ROLLBACK || type === TmRequestType.SAVE) {
    const n = r.u8();
    name = r.bytes(n).toString('utf16le');
  }
  return { headers, type, isolationLevel, name };
}
