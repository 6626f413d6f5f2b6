/**
 * The double's bulk-load decoder against a second, independent client: FreeTDS's `freebcp` (Debian freetds-bin)
 * loads a character-mode file into the double, converting each field to the column types the double announced,
 * and the rows the double decodes must be exactly the file's values. So the double is not merely the mirror of our
 * own bulk-load writer. Skipped when freebcp is not installed (CI installs it: .ci/run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlValue } from '../../../src/core/bcp/values';
import { startTdsServer, type ResultSet, type TdsRequest } from '../../support/tds/server';

const freebcpMissing = spawnSync('freebcp', ['-v'], { stdio: 'ignore' }).error
  ? 'FreeTDS freebcp is not installed (apt-get install -y freetds-bin); CI installs it'
  : false;

// Types the restore sends differently from how freebcp sends them, so both framings are decoded: fixed types as
// themselves (INT4, INT2, FLT4, BIT), varchar in its code page, numeric/time/datetime2 at their scale, varbinary(max)
// and nvarchar(max) as PLP.
const table: ResultSet = {
  columns: [
    { name: 'id', type: { base: 'int' }, nullable: false },
    { name: 'small', type: { base: 'smallint' }, nullable: true },
    { name: 'ratio', type: { base: 'real' }, nullable: true },
    { name: 'day', type: { base: 'date' }, nullable: true },
    { name: 'at', type: { base: 'time', scale: 7 }, nullable: true },
    { name: 'stamp', type: { base: 'datetime2', scale: 3 }, nullable: true },
    { name: 'code', type: { base: 'varchar', length: 10 }, nullable: true },
    { name: 'label', type: { base: 'nvarchar', length: 30 }, nullable: true },
    { name: 'amount', type: { base: 'numeric', precision: 12, scale: 3 }, nullable: true },
    { name: 'blob', type: { base: 'varbinary', isMax: true }, nullable: true },
    { name: 'flag', type: { base: 'bit' }, nullable: true },
    { name: 'notes', type: { base: 'nvarchar', isMax: true }, nullable: true },
  ],
  rows: [],
};

const file = [
  ['1', '-32768', '0.5', '2024-02-29', '13:45:12.1234567', '2024-02-29 13:45:12.123', 'café', 'alpha ü', '123456789.123', '0a0bff', '1', 'long text'],
  ['2', '', '', '', '', '', '', '', '', '', '', ''],
  ['3', '32767', '-1.25', '1900-01-01', '00:00:00.0000000', '9999-12-31 23:59:59.999', 'x', 'Ωmega', '-0.001', '00', '0', ''],
];

// FreeTDS declares datetime2 at scale 7 in its COLMETADATA whatever the column's scale (the server converts), so
// the double, which decodes what was sent, gives seven digits.
const expected: SqlValue[][] = [
  [1, -32768, 0.5, '2024-02-29', '13:45:12.1234567', '2024-02-29 13:45:12.1230000', 'café', 'alpha ü', '123456789.123', Buffer.from([10, 11, 255]), true, 'long text'],
  [2, null, null, null, null, null, null, null, null, null, null, null],
  [3, 32767, -1.25, '1900-01-01', '00:00:00.0000000', '9999-12-31 23:59:59.9990000', 'x', 'Ωmega', '-0.001', Buffer.from([0]), false, null],
];

function runFreebcp(dir: string, port: number): Promise<{ code: number | null; output: string }> {
  const conf = join(dir, 'freetds.conf');
  writeFileSync(conf, `[double]\n\thost = 127.0.0.1\n\tport = ${port}\n\ttds version = 7.4\n\tencryption = off\n\tclient charset = UTF-8\n`);
  const data = join(dir, 'items.txt');
  writeFileSync(data, file.map((r) => r.join('\t')).join('\n') + '\n');
  return new Promise((resolve, reject) => {
    // A throwaway password for the double; freebcp only takes it as an argument.
    const child = spawn('freebcp', ['dbo.items', 'in', data, '-S', 'double', '-U', 'sa', '-P', 'not-a-secret', '-D', 'Shop', '-c', '-t', '\t', '-r', '\n'], {
      env: { ...process.env, FREETDSCONF: conf, LANG: 'C.UTF-8' },
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill(), 30000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

test('freebcp bulk-loads rows into the double and the double decodes every value', { skip: freebcpMissing }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tds-freebcp-'));
  const loads: TdsRequest[] = [];
  const server = await startTdsServer({
    handler: (request) => {
      if (request.kind === 'bulk') {
        loads.push(request);
        return [{ rowsAffected: request.bulkLoad!.rows.length }];
      }
      if (/SET FMTONLY ON/i.test(request.sql)) return [table];
      if (/^\s*insert bulk/i.test(request.sql)) return [];
      return undefined;
    },
  });
  try {
    const { code, output } = await runFreebcp(dir, server.port);
    assert.equal(code, 0, output);
    assert.match(output, /3 rows copied/);
    assert.equal(loads.length, 1, output);
    assert.match(loads[0].sql, /^insert bulk dbo\.items \(/i);
    assert.deepEqual(loads[0].bulkLoad!.columns.map((c) => c.name), table.columns.map((c) => c.name));
    assert.deepEqual(loads[0].bulkLoad!.rows, expected);
    assert.deepEqual(server.failures, []);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
