/**
 * The double's reading of a BULK_LOAD message (MS-TDS 2.2.6.1: COLMETADATA, ROW tokens, DONE), through the same
 * TYPE_INFO and value decoders it uses for everything else (typeDecoders.ts), so a bulk load is checked by code
 * written from the spec, not by a mirror of the client's writer. FreeTDS's freebcp is the second client that
 * proves it (test/integration/tds/bulkLoadFreebcp.test.ts).
 */
import type { BulkLoadData } from './api';
import { decodeTokens } from './typeDecoders';

export function decodeBulkLoad(payload: Buffer): BulkLoadData {
  const decoded = decodeTokens(payload);
  if (decoded.resultSets.length !== 1) throw new Error(`a bulk load carries one COLMETADATA, this one ${decoded.resultSets.length}`);
  // SqlClient and tedious end the rows with a DONE token; FreeTDS sends none, and SQL Server takes both.
  if (decoded.dones.length > 1) throw new Error(`a bulk load ends with at most one DONE, this one has ${decoded.dones.length}`);
  const [set] = decoded.resultSets;
  return { columns: set.columns.map((c) => ({ name: c.name, flags: c.flags, typeId: c.info.id })), rows: set.rows };
}
