import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BacpacPackageReader } from '../../../src/core/package/bacpacReader';
import { sharedPath, skipUnlessShared } from '../../support/sharedFixtures';

interface Expected {
  totalRows: number;
  tables: { table: string; parts: { part: string; rows: number; bytes: number }[] }[];
}

const fixtures: { file: string; checksum: string; productVersion: string; schemaVersion: string; dataPhase: boolean }[] = [
  { file: 'bacpactod-kitchen-sink', checksum: '6978E3AB41365F1889AC4F82D8DB6C59A099D6CD48994E9F3FFB0611F2699117', productVersion: '16.0.6403.0', schemaVersion: '2.9', dataPhase: false },
  { file: 'adventureworkslt2025', checksum: '2298F5C0424ACE322F92EDB827E6A283233CD01C7C1BEB54B0BA2753FDD90F4A', productVersion: '170.2.70.1', schemaVersion: '3.5', dataPhase: true },
  { file: 'saptable-adf-starter-db', checksum: '70D096B0472FD8E60C94FDFA7CE38E4FD098ADD64847EA4DECCDCE1C839DD2EF', productVersion: '15.0.4975.1', schemaVersion: '3.3', dataPhase: false },
];

for (const f of fixtures) {
  const rel = ['fixtures', 'peer-bacpacs', `${f.file}.bacpac`];
  test(`real DacFx package ${f.file} passes the strict reader`, { skip: skipUnlessShared(...rel) }, async () => {
    const expected = JSON.parse(readFileSync(sharedPath('fixtures', 'peer-bacpacs', 'expected', `${f.file}.decoded.json`), 'utf8')) as Expected;
    const r = await BacpacPackageReader.open(sharedPath(...rel));
    try {
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.warnings, []);
      // DacFx layout, as the writer reproduces it
      for (const e of r.zip.entries) {
        assert.equal(e.flags, 0, e.name);
        assert.equal(e.versionMadeBy, 0x2d, e.name);
        assert.equal(e.localPadding, true, e.name);
      }
      assert.equal(r.zip.zip64Archive, false);

      const o = r.origin;
      assert.ok(o);
      assert.equal(o.containsExportedData, true);
      assert.equal(o.packageVersion, '3.1.0.0');
      assert.equal(o.operation.productVersion, f.productVersion);
      assert.equal(o.operation.end, '0001-01-01T00:00:00.0000000');
      assert.equal(o.modelSchemaVersion, f.schemaVersion);
      assert.equal(o.totalRows, expected.totalRows);
      assert.equal(o.modelChecksum, f.checksum);
      assert.equal(await r.computeModelChecksum(), o.modelChecksum);
      assert.deepEqual(o.streamVersions, { Data: '2.0.0.0', DeploymentContributors: '1.0.0.0' });
      assert.ok((o.objectCounts.Table ?? 0) > 0);
      assert.ok(o.serverVersion?.startsWith('Microsoft SQL'));
      assert.equal(o.dataPhaseTables !== undefined, f.dataPhase);

      // the BCP parts are those of the reference decoder, with its sizes, and all stream with correct CRCs
      const want = new Map(expected.tables.flatMap((t) => t.parts.map((p) => [p.part, p.bytes] as const)));
      assert.deepEqual(new Set(r.dataParts.map((p) => p.name)), new Set(want.keys()));
      for (const p of r.dataParts) {
        let n = 0;
        for await (const c of r.openPart(p.entry)) n += c.length;
        assert.equal(n, want.get(p.name), p.name);
        assert.equal(`[${p.schema}].[${p.table}]`, expected.tables.find((t) => t.parts.some((x) => x.part === p.name))?.table);
      }
    } finally {
      await r.close();
    }
  });
}
