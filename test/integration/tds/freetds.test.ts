/**
 * Interop: FreeTDS's `tsql` (Debian package freetds-bin), an independent TDS client, reads a table with
 * many types from the double, in plain text and inside TLS. Skipped when tsql is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTdsServer } from '../../support/tds/server';
import type { ResultSet } from '../../support/tds/server';

const tsqlMissing = spawnSync('tsql', ['-C'], { stdio: 'ignore' }).error
  ? 'FreeTDS tsql is not installed (apt-get install -y freetds-bin); CI installs it'
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
    { name: 'notes', type: { base: 'nvarchar', isMax: true }, nullable: true },
    { name: 'm', type: { base: 'money' }, nullable: true },
    { name: 'f', type: { base: 'float' }, nullable: true },
    { name: 'x', type: { base: 'xml' }, nullable: true },
    { name: 'v', type: { base: 'sql_variant' }, nullable: true },
    { name: 'tx', type: { base: 'text' }, nullable: true },
    { name: 'rv', type: { base: 'rowversion' }, nullable: true },
    { name: 'dt', type: { base: 'datetime2', scale: 3 }, nullable: true },
  ],
  rows: [
    [1, 'alpha', '12.50', 'café', '6F9619FF-8B86-D011-B42D-00C04FC964FF', 9007199254740993n, true, Buffer.from([1, 2, 255]),
      'long ' + 'x'.repeat(10), '12.3400', 0.5, '<a>1</a>', { kind: 'sql_variant', baseType: 'int', value: 42 }, 'old text',
      Buffer.from('00000000000007d1', 'hex'), '2024-02-29 13:45:12.123'],
    new Array(16).fill(null).map((v, i) => (i === 0 ? 2 : v)),
  ],
};

const expectedLines = [
  ['id', 'name', 'price', 'code', 'g', 'big', 'flag', 'blob', 'notes', 'm', 'f', 'x', 'v', 'tx', 'rv', 'dt'].join('\t'),
  ['1', 'alpha', '12.50', 'café', '6F9619FF-8B86-D011-B42D-00C04FC964FF', '9007199254740993', '1', '0102ff', 'long xxxxxxxxxx',
    '12.3400', '0.5', '<a>1</a>', '42', 'old text', '00000000000007d1', 'Feb 29 2024 01:45PM'].join('\t'),
  ['2', ...new Array(15).fill('NULL')].join('\t'),
  '(2 rows affected)',
];

function runTsql(port: number, freetdsConf: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // A throwaway password for the double; tsql only takes it as an argument.
    const child = spawn('tsql', ['-H', '127.0.0.1', '-p', String(port), '-U', 'sa', '-P', 'not-a-secret', '-D', 'Shop'], {
      env: { ...process.env, FREETDSCONF: freetdsConf, LANG: 'C.UTF-8' },
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill(), 15000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
    child.stdin.end('select * from dbo.items\ngo\nexit\n');
  });
}

for (const encryption of ['off', 'require'] as const) {
  test(`FreeTDS tsql reads a table with many types (encryption ${encryption})`, { skip: tsqlMissing }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tds-freetds-'));
    const conf = join(dir, 'freetds.conf');
    writeFileSync(conf, `[global]\n\ttds version = 7.4\n\tencryption = ${encryption}\n`);
    const server = await startTdsServer({ handler: () => [table] });
    try {
      const { code, output } = await runTsql(server.port, conf);
      assert.equal(code, 0, output);
      const lines = output.split('\n').map((l) => l.replace(/^(\d+> )+/, '').trimEnd());
      const start = lines.findIndex((l) => l.startsWith('id\t'));
      assert.ok(start >= 0, output);
      assert.deepEqual(lines.slice(start, start + expectedLines.length), expectedLines);
      assert.equal(server.connections[0].encrypted, encryption === 'require');
      assert.equal(server.logins[0].database, 'Shop');
      assert.deepEqual(server.queries.filter((q) => q.answeredBy === 'handler').map((q) => q.sql.trim()), ['select * from dbo.items']);
      assert.deepEqual(server.failures, []);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
