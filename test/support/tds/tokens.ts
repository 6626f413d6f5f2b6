/**
 * Response tokens (MS-TDS §2.2.7): each writer appends one token to the current message.
 * Lengths of B_VARCHAR/US_VARCHAR count characters; LOGINACK's TDS version is the one big-endian field.
 */
import type { MessageWriter } from './packets';
import type { ColumnEncoder } from './typeEncoders';

export const Token = {
  COLMETADATA: 0x81,
  ERROR: 0xaa,
  INFO: 0xab,
  LOGINACK: 0xad,
  FEATUREEXTACK: 0xae,
  ROW: 0xd1,
  NBCROW: 0xd2,
  ENVCHANGE: 0xe3,
  RETURNSTATUS: 0x79,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
} as const;

export const DoneStatus = {
  FINAL: 0x00,
  MORE: 0x01,
  ERROR: 0x02,
  INXACT: 0x04,
  COUNT: 0x10,
  ATTN: 0x20,
  SRVERROR: 0x100,
} as const;

export const EnvChange = {
  DATABASE: 1,
  LANGUAGE: 2,
  PACKET_SIZE: 4,
  SQL_COLLATION: 7,
  BEGIN_TRAN: 8,
  COMMIT_TRAN: 9,
  ROLLBACK_TRAN: 10,
  RESET_CONNECTION: 18,
} as const;

/** The "current command" SQL Server puts in DONE tokens for a SELECT. */
export const CURCMD_SELECT = 0xc1;

/** ENVCHANGE with text values (database, language, packet size). */
export function writeEnvChangeText(w: MessageWriter, type: number, newValue: string, oldValue: string): void {
  w.u8(Token.ENVCHANGE);
  w.u16(1 + 1 + newValue.length * 2 + 1 + oldValue.length * 2);
  w.u8(type);
  w.bVarchar(newValue);
  w.bVarchar(oldValue);
}

/** ENVCHANGE with byte values (collation, transaction descriptors, reset acknowledgement). */
export function writeEnvChangeBytes(w: MessageWriter, type: number, newValue: Uint8Array, oldValue: Uint8Array): void {
  w.u8(Token.ENVCHANGE);
  w.u16(1 + 1 + newValue.length + 1 + oldValue.length);
  w.u8(type);
  w.u8(newValue.length);
  w.bytes(newValue);
  w.u8(oldValue.length);
  w.bytes(oldValue);
}

export interface LoginAckInfo {
  tdsVersion: number;
  programName: string;
  major: number;
  minor: number;
  build: number;
}

export function writeLoginAck(w: MessageWriter, ack: LoginAckInfo): void {
  w.u8(Token.LOGINACK);
  w.u16(1 + 4 + 1 + ack.programName.length * 2 + 4);
  w.u8(1); // interface: SQL_TSQL
  // Big-endian, unlike everything around it.
  w.u8((ack.tdsVersion >>> 24) & 0xff);
  w.u8((ack.tdsVersion >>> 16) & 0xff);
  w.u8((ack.tdsVersion >>> 8) & 0xff);
  w.u8(ack.tdsVersion & 0xff);
  w.bVarchar(ack.programName);
  w.u8(ack.major);
  w.u8(ack.minor);
  w.u8((ack.build >>> 8) & 0xff);
  w.u8(ack.build & 0xff);
}

/** FEATUREEXTACK for UTF-8 support (feature 0x0A), when the client asked. */
export function writeFeatureExtAckUtf8(w: MessageWriter): void {
  w.u8(Token.FEATUREEXTACK);
  w.u8(0x0a);
  w.u32(1);
  w.u8(1);
  w.u8(0xff);
}

export interface SqlMessage {
  number: number;
  message: string;
  state?: number;
  class?: number;
  serverName?: string;
  procName?: string;
  lineNumber?: number;
}

function writeMessageToken(w: MessageWriter, token: number, m: SqlMessage, defaultClass: number): void {
  const server = m.serverName ?? 'tds-double';
  const proc = m.procName ?? '';
  w.u8(token);
  w.u16(4 + 1 + 1 + 2 + m.message.length * 2 + 1 + server.length * 2 + 1 + proc.length * 2 + 4);
  w.u32(m.number);
  w.u8(m.state ?? 1);
  w.u8(m.class ?? defaultClass);
  w.usVarchar(m.message);
  w.bVarchar(server);
  w.bVarchar(proc);
  w.u32(m.lineNumber ?? 1);
}

export function writeError(w: MessageWriter, m: SqlMessage): void {
  writeMessageToken(w, Token.ERROR, m, 16);
}

export function writeInfo(w: MessageWriter, m: SqlMessage): void {
  writeMessageToken(w, Token.INFO, m, 0);
}

export function writeDone(w: MessageWriter, token: number, status: number, curCmd: number, rowCount: number | bigint): void {
  w.u8(token);
  w.u16(status);
  w.u16(curCmd);
  w.u64(BigInt(rowCount));
}

export function writeReturnStatus(w: MessageWriter, value: number): void {
  w.u8(Token.RETURNSTATUS);
  w.i32(value);
}

export function writeColMetadata(w: MessageWriter, encoders: readonly ColumnEncoder[]): void {
  w.u8(Token.COLMETADATA);
  w.u16(encoders.length);
  for (const e of encoders) e.writeMetadata(w);
}
