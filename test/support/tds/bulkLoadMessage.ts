/**
 * The double's reading of a BULK_LOAD message (MS-TDS 2.2.6.1: COLMETADATA, ROW tokens, DONE), through the same
 * TYPE_INFO and value decoders it uses for everything else (typeDecoders.ts), so a bulk load is checked by code
 * written from the spec, not by a mirror of the client's writer. FreeTDS's freebcp is the second client that
 * proves it (test/integration/tds/bulkLoadFreebcp.test.ts).
 *
 * The rows are decoded as the packets arrive, as a server does, not after the whole message: a client that
 * transcodes its next rows while the server decodes the last ones is measured as such (bench/restoreBench.ts).
 */
import type { BulkLoadData } from './api';
import { Token } from './tokens';
import type { SqlValue } from '../../../src/core/bcp/values';
import { readTypeInfo, readValue, Reader, type DecodedColumn } from './typeDecoders';

/** Packets of one BULK_LOAD message, fed in order (packets.ts hands them over as they arrive). */
export interface BulkLoadStream {
  push(payload: Buffer): void;
  /** The message's rows, or the error that made them unreadable. */
  end(): BulkLoadData;
}

/**
 * A token cut by a packet boundary reads past the end of what has arrived (every Reader read throws RangeError
 * then): wait for more bytes.
 */
const isShortRead = (e: unknown) => e instanceof RangeError;

export function bulkLoadStream(keepRows: boolean): BulkLoadStream {
  const chunks: Buffer[] = [];
  let buffered = 0;
  /** Decode again only once this much has arrived: a value spanning many packets is not re-read per packet. */
  let retryAt = 0;
  let columns: DecodedColumn[] | undefined;
  let metadataSets = 0;
  let dones = 0;
  let rowCount = 0;
  const rows: SqlValue[][] = [];
  let failure: Error | undefined;

  /** Decodes every whole token in `buf`; returns where the first incomplete one starts. */
  const decode = (buf: Buffer): number => {
    const r = new Reader(buf);
    let start = 0;
    try {
      while (r.pos < buf.length) {
        start = r.pos;
        const token = r.u8();
        if (token === Token.COLMETADATA) {
          const count = r.u16();
          const read: DecodedColumn[] = [];
          for (let i = 0; i < count; i++) {
            const userType = r.u32();
            const flags = r.u16();
            const info = readTypeInfo(r, 'row');
            read.push({ userType, flags, info, name: r.bVarchar() });
          }
          columns = read;
          metadataSets++;
        } else if (token === Token.ROW || token === Token.NBCROW) {
          if (!columns) throw new Error('a row before COLMETADATA');
          const cols = columns;
          const bitmap = token === Token.NBCROW ? r.bytes(Math.ceil(cols.length / 8)) : undefined;
          const row = cols.map((c, i) => (bitmap && (bitmap[i >> 3] >> (i & 7)) & 1 ? null : readValue(r, c.info, 'row')));
          rowCount++;
          if (keepRows) rows.push(row);
        } else if (token === Token.DONE) {
          r.bytes(12);
          dones++;
        } else {
          throw new Error(`unexpected token 0x${token.toString(16)} at ${r.pos - 1}`);
        }
      }
      return buf.length;
    } catch (e) {
      if (isShortRead(e)) return start;
      throw e;
    }
  };

  /** Decodes what has arrived; keeps the cut token at the end for the next packet. */
  const drain = () => {
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, buffered);
    try {
      const used = decode(buf);
      const rest = buf.subarray(used);
      chunks.length = 0;
      // Keep a copy of the cut token only, not the packet it shares memory with.
      if (rest.length > 0) chunks.push(Buffer.from(rest));
      buffered = rest.length;
      // Decoding again only after 64 KiB more (or as much again, for a long value): a cut token costs a thrown
      // RangeError, too dear to pay on every packet.
      retryAt = rest.length + Math.max(rest.length, 64 * 1024);
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
      chunks.length = 0;
      buffered = 0;
    }
  };

  return {
    push(payload) {
      if (failure) return;
      chunks.push(payload);
      buffered += payload.length;
      if (buffered >= retryAt) drain();
    },
    end() {
      if (!failure && buffered > 0) drain();
      if (failure) throw failure;
      if (buffered > 0) throw new Error(`the message ends inside a token (${buffered} bytes cannot be read as one)`);
      if (metadataSets !== 1 || !columns) throw new Error(`a bulk load carries one COLMETADATA, this one ${metadataSets}`);
      // SqlClient and tedious end the rows with a DONE token; FreeTDS sends none, and SQL Server takes both.
      if (dones > 1) throw new Error(`a bulk load ends with at most one DONE, this one has ${dones}`);
      return { columns: columns.map((c) => ({ name: c.name, flags: c.flags, typeId: c.info.id })), rows, rowCount };
    },
  };
}
