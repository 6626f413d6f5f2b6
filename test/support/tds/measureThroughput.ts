/**
 * How fast the double sends: `node out/test/support/tds/measureThroughput.js [rows] [--tls]`.
 * 1. raw: the row encoders writing packets into a counting sink (the double's own ceiling);
 * 2. mssql: the same narrow table read by `mssql` with `request.stream = true` over loopback.
 * The benchmark needs (1) far above (2), so the double is never what it measures.
 */
import sql from 'mssql';
import type { SqlRow } from '../../../src/core/bcp/values';
import { collationByName } from './collation';
import { startFakeSqlServer } from './fakeSqlServer';
import { MessageWriter, PacketSink } from './packets';
import { generatedRows } from './scenarios';
import { Token } from './tokens';
import { ResultColumn, columnEncoder } from './typeEncoders';

const narrowColumns: ResultColumn[] = [
  { name: 'id', type: { base: 'int' }, nullable: false },
  { name: 'name', type: { base: 'nvarchar', length: 50 }, nullable: true },
  { name: 'updated', type: { base: 'datetime2', scale: 7 }, nullable: true },
];

function fillNarrowRow(i: number, row: SqlRow): void {
  row[0] = i;
  row[1] = `name-${i % 1000}`;
  row[2] = '2024-01-01 12:34:56.1234567';
}

export interface Rate {
  rows: number;
  seconds: number;
  bytes: number;
}

export function measureRawEncode(rows: number): Rate {
  let bytes = 0;
  const sink: PacketSink = { write: (c) => { bytes += c.length; return true; }, once: () => sink, removeListener: () => sink, destroyed: false };
  const w = new MessageWriter(sink, 4096, 51);
  const ctx = { collation: collationByName('SQL_Latin1_General_CP1_CI_AS'), databaseName: 'Bench', plpChunkSize: 8000 };
  const encoders = narrowColumns.map((c) => columnEncoder(c, ctx));
  const started = process.hrtime.bigint();
  for (const row of generatedRows(rows, narrowColumns.length, fillNarrowRow)) {
    w.u8(Token.ROW);
    for (let c = 0; c < encoders.length; c++) encoders[c].writeValue(w, row[c]);
  }
  w.endMessage();
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
}

export async function measureMssqlStream(rows: number, encrypt: boolean): Promise<Rate> {
  const fake = await startFakeSqlServer({
    tls: encrypt ? 'on' : 'off',
    handler: () => [{ columns: narrowColumns, rows: generatedRows(rows, narrowColumns.length, fillNarrowRow) }],
  });
  const pool = await new sql.ConnectionPool(fake.config({ requestTimeout: 0 })).connect();
  try {
    const before = fake.server.bytesSent;
    const started = process.hrtime.bigint();
    const request = pool.request();
    request.stream = true;
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      request.on('row', () => { received++; });
      request.on('error', reject);
      request.on('done', () => resolve());
      request.query('select id, name, updated from dbo.narrow');
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (received !== rows) throw new Error(`received ${received} of ${rows} rows`);
    return { rows, seconds, bytes: fake.server.bytesSent - before };
  } finally {
    await pool.close();
    await fake.close();
  }
}

function show(label: string, r: Rate): string {
  return `${label}: ${r.rows} rows in ${r.seconds.toFixed(2)} s = ${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s, ${(r.bytes / r.seconds / 1e6).toFixed(1)} MB/s (${(r.bytes / 1e6).toFixed(1)} MB)`;
}

async function main(): Promise<void> {
  const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const encrypt = process.argv.includes('--tls');
  console.log(show('raw encode (double only)', measureRawEncode(rows)));
  console.log(show(`mssql stream (${encrypt ? 'TLS' : 'plain'})`, await measureMssqlStream(rows, encrypt)));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
