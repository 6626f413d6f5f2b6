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

const table: ResultSet = {
  columns: [
    { name: 'id', type: { base: 'int' }, nullable: false },
    { name: 'name', type: { base: 'nvarchar', length: 20 }, nullable: true },
    { name: 'price', type: { base: 'decimal', precision: 10, scale: 2 }, nullable: true },
    { name: 'code', type: { base: 'varchar', length: 10 }, nullable: true },
    { name: 'g', type: { base: 'uniqueidentifier' }, nullable: true },
    { name: 'big', type: { base: 'bigint' }, nullable: true },
    { name: 'flag', type: { base: 'bit' }, nullable: true },
    { name: 'blob', type: { base: 'varbinary', length: 10 }, nullable: true },
    { name: 'm', type: { base: 'money' }, nullable: true },
    { name: 'f', type: { base: 'float' }, nullable: true },
    { name: 'dt', type: { base: 'datetime' }, nullable: true },
    { name: 'notes', type: { base: 'nvarchar', isMax: true }, nullable: true },
  ],
  rows: [],
};

const file = [
  ['1', 'alpha ü', '12.50', 'café', '6F9619FF-8B86-D011-B42D-00C04FC964FF', '9007199254740993', '1', '0102ff', '12.34', '0.5', '2024-02-29 13:45:12.120', 'long text'],
  ['2', '', '', '', '', '', '', '', '', '', '', ''],
  ['3', 'Ωmega', '-0.01', 'x', '00000000-0000-0000-0000-000000000001', '-1', '0', '', '-922337203685477.5808', '-1.25e-10', '1753-01-01 00:00:00.000', ''],
];

const expected: SqlValue[][] = [
  [1, 'alpha ü', '12.50', 'café', '6F9619FF-8B86-D011-B42D-00C04FC964FF', 9007199254740993n, true, Buffer.from([1, 2, 255]), '12.3400', 0.5, '2024-02-29 13:45:12.120', 'long text'],
  [2, null, null, null, null, null, null, null, null, null, null, null],
  [3, 'Ωmega', '-0.01', 'x', '00000000-0000-0000-0000-000000000001', -1n, false, null, '-922337203685477.5808', -1.25e-10, '1753-01-01 00:00:00.000', null],
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
