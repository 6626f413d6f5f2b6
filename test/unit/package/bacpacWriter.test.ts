import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';
import { BacpacPackageWriter, type OriginInfo } from '../../../src/core/package/bacpacWriter';
import { BacpacPackageReader } from '../../../src/core/package/bacpacReader';
import { BackupError } from '../../../src/core/errors';
import { DACFX_PADDING, hasCommand, inspectZip, runPython } from './rawZip';

const dir = mkdtempSync(join(tmpdir(), 'bacpac-writer-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const fresh = (): string => join(dir, `p${counter++}.bacpac`);

const CONTENT_TYPES_WITH_DATA =
  '\ufeff<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="text/xml" /><Default Extension="BCP" ContentType="application/octet-stream" /><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /></Types>';
const CONTENT_TYPES_NO_DATA =
  '\ufeff<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="text/xml" /></Types>';

const MODEL = Buffer.from('<?xml version="1.0" encoding="utf-8"?>\r\n<DataSchemaModel FileFormatVersion="1.2" SchemaVersion="2.9">\r\n\t<Model />\r\n</DataSchemaModel>', 'utf8');

function origin(over: Partial<OriginInfo> = {}): OriginInfo {
  return {
    serverVersionText: 'Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tFeb 20 2021 17:51:58 \n\tCopyright (C) 2019 Microsoft Corporation <X64>\n',
    objectCounts: { SqlTable: 2, SqlSimpleColumn: 5, PrimaryKeyConstraint: 2, DatabaseOptions: 1 },
    totalRows: 42,
    sourceDatabaseSizeKb: 4768,
    modelSchemaVersion: '2.9',
    operationStart: new Date(2024, 0, 2, 3, 4, 5, 678),
    ...over,
  };
}

/** Deterministic, compressible part data. */
function partData(seed: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = i % 5 === 0 ? x >>> 24 : 0x41 + (i % 17);
  }
  return b;
}

interface Written {
  path: string;
  parts: { name: string; schema: string; table: string; data: Buffer }[];
}

async function writeSample(compression: 'none' | 'fast' | 'normal' | 'max', blockSize = 4096): Promise<Written> {
  const path = fresh();
  const w = await BacpacPackageWriter.create(path, { compression, blockSize, maxInFlight: 2 });
  assert.equal(await w.writeModel(MODEL), createHash('sha256').update(MODEL).digest('hex').toUpperCase());
  await w.writeDacMetadata('Sales & <Co>');
  const parts: Written['parts'] = [];
  const tables = [
    { schema: 'dbo', table: 'Orders', sizes: [30000, 12345, 1] },
    { schema: 'Sales Ops', table: 'Größe[1]', sizes: [5000] },
  ];
  let seed = 1;
  for (const t of tables) {
    for (let i = 0; i < t.sizes.length; i++) {
      const data = partData(seed++, t.sizes[i]);
      const sink = await w.openPart(t.schema, t.table, i);
      // uneven chunks, some larger than a block
      for (let p = 0; p < data.length; ) {
        const n = Math.min(data.length - p, 1 + ((p * 7919) % 9000));
        const chunk = Buffer.from(data.subarray(p, p + n));
        await sink.write(chunk);
        chunk.fill(0xee); // the sink must have copied it
        p += n;
      }
      const r = await sink.end();
      assert.equal(r.uncompressedBytes, data.length);
      assert.equal(r.dropped, false);
      parts.push({ name: r.name, schema: t.schema, table: t.table, data });
    }
  }
  const before = w.bytesWritten;
  const done = await w.finish(origin());
  assert.ok(done.bytes > before);
  assert.equal(done.parts, parts.length);
  return { path, parts };
}

test('entry order, names and every §2.2 header rule, read from the raw bytes', async () => {
  const started = Date.now();
  const { path, parts } = await writeSample('normal');
  const z = inspectZip(path);
  const names = z.central.map((c) => c.name);
  assert.deepEqual(names, ['model.xml', 'DacMetadata.xml', '[Content_Types].xml', ...parts.map((p) => p.name), '_rels/.rels', 'Origin.xml']);
  assert.equal(parts[3].name, 'Data/Sales%20Ops.Gr%C3%B6%C3%9Fe%5B1%5D/TableData-000-00000.BCP');
  assert.equal(parts[2].name, 'Data/dbo.Orders/TableData-000-00002.BCP');

  let expectedOffset = 0;
  for (let i = 0; i < z.central.length; i++) {
    const c = z.central[i];
    const l = z.locals[i];
    const stored = c.name === '_rels/.rels' || c.name === 'Origin.xml';
    assert.equal(c.method, stored ? 0 : 8, `${c.name} method`);
    assert.equal(l.version, stored ? 10 : 20, `${c.name} local version`);
    assert.equal(c.version, l.version, `${c.name} central version`);
    assert.equal(l.flags, 0, `${c.name} local flags`);
    assert.equal(c.flags, 0, `${c.name} central flags`);
    assert.equal(l.method, c.method);
    assert.equal(l.crc, c.crc);
    assert.equal(l.compressed, c.compressed);
    assert.equal(l.uncompressed, c.uncompressed);
    assert.equal(l.name, c.name);
    assert.match(c.name, /^[\x20-\x7e]+$/);
    assert.ok(!c.name.endsWith('/'));
    assert.deepEqual(l.extraRaw, DACFX_PADDING, `${c.name} local extra field`);
    assert.equal(c.madeBy, 0x002d);
    assert.equal(c.extraLength, 0);
    assert.equal(c.commentLength, 0);
    assert.equal(c.diskStart, 0);
    assert.equal(c.internalAttr, 0);
    assert.equal(c.externalAttr, 0);
    assert.equal(l.dosTime, c.dosTime);
    assert.equal(l.dosDate, c.dosDate);
    assert.equal(c.offset, expectedOffset, `${c.name} is contiguous`);
    if (stored) assert.equal(c.compressed, c.uncompressed);
    expectedOffset = l.dataOffset + c.compressed;
    // DOS date/time in local time, close to now
    const d = new Date(1980 + (c.dosDate >> 9), ((c.dosDate >> 5) & 15) - 1, c.dosDate & 31, c.dosTime >> 11, (c.dosTime >> 5) & 63, (c.dosTime & 31) * 2);
    assert.ok(Math.abs(d.getTime() - started) < 120_000, `${c.name} DOS time ${d.toISOString()}`);
  }
  assert.equal(z.eocd.cdOffset, expectedOffset);
  assert.equal(z.eocd.count, z.central.length);
  assert.equal(z.eocd.countDisk, z.central.length);
  assert.equal(z.eocd.disk, 0);
  assert.equal(z.eocd.commentLength, 0);
  assert.equal(z.eocd.cdOffset + z.eocd.cdSize, z.eocdOffset);
  assert.equal(z.locator, undefined, 'no Zip64 records in a small package');

  // the part bytes inflate (independently of the reader) to exactly what was written
  const file = readFileSync(path);
  for (const p of parts) {
    const i = names.indexOf(p.name);
    const raw = file.subarray(z.locals[i].dataOffset, z.locals[i].dataOffset + z.central[i].compressed);
    assert.deepEqual(inflateRawSync(raw), p.data);
  }
});

test('the small documents are byte-exact (§2.3–2.5, §3.1)', async () => {
  const { path, parts } = await writeSample('fast');
  const r = await BacpacPackageReader.open(path);
  try {
    assert.equal((await r.readPart('[Content_Types].xml')).toString('utf8'), CONTENT_TYPES_WITH_DATA);
    assert.equal(
      (await r.readPart('DacMetadata.xml')).toString('utf8'),
      '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<DacType xmlns="http://schemas.microsoft.com/sqlserver/dac/Serialization/2012/02">\r\n  <Name>Sales &amp; &lt;Co&gt;</Name>\r\n  <Version>0.0.0.0</Version>\r\n</DacType>',
    );

    const rels = (await r.readPart('_rels/.rels')).toString('utf8');
    const ids = [...rels.matchAll(/Id="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(ids.length, parts.length * 2);
    for (const id of ids) assert.match(id, /^R[0-9a-f]{16}$/);
    assert.equal(new Set(ids).size, ids.length, 'relationship ids are unique');
    let k = 0;
    const expected =
      '\ufeff<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      parts
        .map((p) => {
          const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
          return (
            `<Relationship Type="table=${esc(p.table)}" Target="/${p.name}" Id="${ids[k++]}" />` +
            `<Relationship Type="schema=${esc(p.schema)}" Target="/${p.name}" Id="${ids[k++]}" />`
          );
        })
        .join('') +
      '</Relationships>';
    assert.equal(rels, expected);

    const originText = (await r.readPart('Origin.xml')).toString('utf8');
    const identity = /<Identity>([^<]*)<\/Identity>/.exec(originText)?.[1] ?? '';
    assert.match(identity, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const start = new Date(2024, 0, 2, 3, 4, 5, 678);
    const off = -start.getTimezoneOffset();
    const zone = `${off < 0 ? '-' : '+'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
    const checksum = createHash('sha256').update(MODEL).digest('hex').toUpperCase();
    const expectedOrigin = [
      '\ufeff<?xml version="1.0" encoding="utf-8"?>',
      '<DacOrigin xmlns="http://schemas.microsoft.com/sqlserver/dac/Serialization/2012/02">',
      '  <PackageProperties>',
      '    <Version>3.1.0.0</Version>',
      '    <ContainsExportedData>true</ContainsExportedData>',
      '    <StreamVersions>',
      '      <Version StreamName="Data">2.0.0.0</Version>',
      '      <Version StreamName="DeploymentContributors">1.0.0.0</Version>',
      '    </StreamVersions>',
      '  </PackageProperties>',
      '  <Operation>',
      `    <Identity>${identity}</Identity>`,
      `    <Start>2024-01-02T03:04:05.6780000${zone}</Start>`,
      '    <End>0001-01-01T00:00:00.0000000</End>',
      '    <ProductName>Microsoft.SqlServer.Dac, Version=16.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a</ProductName>',
      '    <ProductVersion>16.0.6403.0</ProductVersion>',
      '    <ProductSchema>http://schemas.microsoft.com/sqlserver/dac/Serialization/2012/02</ProductSchema>',
      '  </Operation>',
      '  <Server>',
      '    <ServerVersion>Microsoft SQL Azure (RTM) - 12.0.2000.8 ',
      '\tFeb 20 2021 17:51:58 ',
      '\tCopyright (C) 2019 Microsoft Corporation &lt;X64&gt;',
      '</ServerVersion>',
      '    <ObjectCounts>',
      '      <DatabaseOptions>1</DatabaseOptions>',
      '      <PrimaryKeyConstraint>2</PrimaryKeyConstraint>',
      '      <SimpleColumn>5</SimpleColumn>',
      '      <Table>2</Table>',
      '    </ObjectCounts>',
      '  </Server>',
      '  <ExportStatistics>',
      '    <SourceDatabaseSize>4768</SourceDatabaseSize>',
      '    <TableRowCountTotalTag>42</TableRowCountTotalTag>',
      '  </ExportStatistics>',
      '  <Checksums>',
      `    <Checksum Uri="/model.xml">${checksum}</Checksum>`,
      '  </Checksums>',
      '  <ModelSchemaVersion>2.9</ModelSchemaVersion>',
      '</DacOrigin>',
    ].join('\r\n');
    assert.equal(originText, expectedOrigin);

    // the reader agrees
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.origin?.modelChecksum, checksum);
    assert.equal(await r.computeModelChecksum(), checksum);
    assert.equal(r.origin?.totalRows, 42);
    assert.equal(r.origin?.packageVersion, '3.1.0.0');
    assert.equal(r.dacMetadata?.name, 'Sales & <Co>');
    assert.deepEqual(
      r.dataParts.map((p) => [p.schema, p.table, p.range, p.file]),
      parts.map((p, i) => [p.schema, p.table, 0, i < 3 ? i : 0]),
    );
    for (const p of parts) assert.deepEqual(await r.readPart(p.name), p.data);
  } finally {
    await r.close();
  }
});

test('DataPhaseTables is written when given, and parsed back', async () => {
  const path = fresh();
  const w = await BacpacPackageWriter.create(path, { compression: 'fast' });
  await w.writeModel(MODEL);
  await w.writeDacMetadata('Db');
  await w.writePart('dbo', 'A', 0, Buffer.from('x'));
  await w.finish(origin({ dataPhaseTables: ['dbo.A', 'dbo.Empty'], sourceDatabaseSizeKb: undefined }));
  const r = await BacpacPackageReader.open(path);
  try {
    const text = (await r.readPart('Origin.xml')).toString('utf8');
    assert.ok(text.endsWith('  <ModelSchemaVersion>2.9</ModelSchemaVersion>\r\n  <DataPhaseTables>dbo.A,dbo.Empty</DataPhaseTables>\r\n</DacOrigin>'));
    assert.ok(text.includes('<SourceDatabaseSize>0</SourceDatabaseSize>'));
    assert.deepEqual(r.origin?.dataPhaseTables, ['dbo.A', 'dbo.Empty']);
  } finally {
    await r.close();
  }
});

test('writing to a part after end() is refused and fails the writer', async () => {
  const path = fresh();
  const w = await BacpacPackageWriter.create(path, { compression: 'normal' });
  await w.writeModel(MODEL);
  await w.writeDacMetadata('Empty');
  const sink = await w.openPart('dbo', 'NoRows', 0);
  await sink.write(Buffer.alloc(0));
  const dropped = await sink.end();
  assert.equal(dropped.dropped, true);
  await assert.rejects(sink.write(Buffer.from('late')), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  await assert.rejects(w.finish(origin({ totalRows: 0 })), (e: unknown) => e instanceof BackupError && e.kind === 'internal', 'a misuse fails the writer');
  await w.abort();
});

test('a package without data (an empty part leaves no trace): no Data/ parts, no rels, xml-only content types, Origin 3.0.0.0', async () => {
  const path = fresh();
  const w = await BacpacPackageWriter.create(path, { compression: 'normal' });
  await w.writeModel(MODEL);
  await w.writeDacMetadata('Empty');
  assert.equal((await (await w.openPart('dbo', 'NoRows', 0)).end()).dropped, true);
  await w.finish(origin({ totalRows: 0 }));
  const z = inspectZip(path);
  assert.deepEqual(
    z.central.map((c) => c.name),
    ['model.xml', 'DacMetadata.xml', '[Content_Types].xml', 'Origin.xml'],
  );
  const r = await BacpacPackageReader.open(path);
  try {
    const ct = await r.readPart('[Content_Types].xml');
    assert.equal(ct.toString('utf8'), CONTENT_TYPES_NO_DATA);
    assert.equal(ct.length, 175);
    assert.equal(r.origin?.packageVersion, '3.0.0.0');
    assert.deepEqual(r.errors, []);
  } finally {
    await r.close();
  }
});

test("compression 'none' stores the BCP parts (method 0, version 10) and keeps the documents deflated", async () => {
  const { path, parts } = await writeSample('none', 8192);
  const z = inspectZip(path);
  for (let i = 0; i < z.central.length; i++) {
    const c = z.central[i];
    const isPart = c.name.startsWith('Data/');
    const stored = isPart || c.name === '_rels/.rels' || c.name === 'Origin.xml';
    assert.equal(c.method, stored ? 0 : 8, c.name);
    assert.equal(z.locals[i].version, stored ? 10 : 20, c.name);
    if (isPart) assert.equal(c.compressed, parts.find((p) => p.name === c.name)?.data.length);
  }
  const file = readFileSync(path);
  const i = z.central.findIndex((c) => c.name === parts[0].name);
  assert.deepEqual(file.subarray(z.locals[i].dataOffset, z.locals[i].dataOffset + z.central[i].compressed), parts[0].data);
});

test('higher levels compress at least as well, and every level round-trips', async () => {
  const sizes: Record<string, number> = {};
  for (const level of ['fast', 'normal', 'max'] as const) {
    const { path, parts } = await writeSample(level, 64 * 1024);
    const z = inspectZip(path);
    sizes[level] = z.central.filter((c) => c.name.startsWith('Data/')).reduce((n, c) => n + c.compressed, 0);
    const r = await BacpacPackageReader.open(path);
    for (const p of parts) assert.deepEqual(await r.readPart(p.name), p.data);
    assert.deepEqual(r.errors, []);
    await r.close();
  }
  assert.ok(sizes.max <= sizes.normal && sizes.normal <= sizes.fast, JSON.stringify(sizes));
});

test('Python zipfile reads the package and finds no CRC error', { skip: hasCommand('python3') ? false : 'python3 is not installed' }, async () => {
  const { path, parts } = await writeSample('normal');
  const out = runPython(
    [
      'import sys, zipfile, hashlib, json',
      'z = zipfile.ZipFile(sys.argv[1])',
      'bad = z.testzip()',
      'print(json.dumps({"bad": bad, "entries": [[i.filename, i.extract_version, i.flag_bits, i.compress_type, hashlib.sha256(z.read(i.filename)).hexdigest()] for i in z.infolist()]}))',
    ].join('\n'),
    path,
  );
  const result = JSON.parse(out) as { bad: string | null; entries: [string, number, number, number, string][] };
  assert.equal(result.bad, null);
  for (const p of parts) {
    const e = result.entries.find((x) => x[0] === p.name);
    assert.ok(e, p.name);
    assert.deepEqual(e.slice(1, 4), [20, 0, 8]);
    assert.equal(e[4], createHash('sha256').update(p.data).digest('hex'));
  }
});

test('unzip -t accepts the package', { skip: hasCommand('unzip', ['-v']) ? false : 'unzip is not installed (apt-get install unzip)' }, async () => {
  const { path } = await writeSample('max');
  const r = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /No errors detected/);
});

test('names OPC cannot carry are refused with BackupError unsupported naming the table; the writer goes on', async () => {
  const path = fresh();
  const w = await BacpacPackageWriter.create(path, { compression: 'fast' });
  await w.writeModel(MODEL);
  await w.writeDacMetadata('Db');
  for (const [schema, table] of [
    ['dbo', 'a/b'],
    ['dbo', 'a\\b'],
    ['dbo', 'tab\u0001'],
    ['dbo', 'dot.'],
  ]) {
    await assert.rejects(w.openPart(schema, table, 0), (e: unknown) => {
      assert.ok(e instanceof BackupError);
      assert.equal(e.kind, 'unsupported');
      assert.ok(e.message.includes(`[${schema}].[${table}]`), e.message);
      return true;
    });
  }
  await w.writePart('dbo', 'Case', 0, Buffer.from('1'));
  await assert.rejects(w.writePart('dbo', 'CASE', 0, Buffer.from('2')), (e: unknown) => e instanceof BackupError && e.kind === 'unsupported' && e.message.includes('[dbo].[CASE]'));
  await w.writePart('dbo', 'Other', 0, Buffer.from('3'));
  await w.finish(origin());
  const r = await BacpacPackageReader.open(path);
  assert.deepEqual(
    r.dataParts.map((p) => p.name),
    ['Data/dbo.Case/TableData-000-00000.BCP', 'Data/dbo.Other/TableData-000-00000.BCP'],
  );
  assert.deepEqual(r.errors, []);
  await r.close();
});

test('part index 100000 continues in range 001', async () => {
  const path = fresh();
  const w = await BacpacPackageWriter.create(path, { compression: 'fast' });
  await w.writeModel(MODEL);
  await w.writeDacMetadata('Db');
  const a = await w.writePart('dbo', 'T', 99999, Buffer.from('a'));
  const b = await w.writePart('dbo', 'T', 100000, Buffer.from('b'));
  assert.equal(a.name, 'Data/dbo.T/TableData-000-99999.BCP');
  assert.equal(b.name, 'Data/dbo.T/TableData-001-00000.BCP');
  await w.abort();
});

test('calls out of order are refused; a failed writer cannot finish; abort deletes the file', async () => {
  const path = fresh();
  const w = await BacpacPackageWriter.create(path, { compression: 'fast' });
  await assert.rejects(w.openPart('dbo', 'T', 0), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  await assert.rejects(w.writeDacMetadata('x'), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  await w.writeModel(MODEL);
  await assert.rejects(w.writeModel(MODEL), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  await w.writeDacMetadata('Db');
  const sink = await w.openPart('dbo', 'T', 0);
  await sink.write(Buffer.from('data'));
  await assert.rejects(w.openPart('dbo', 'U', 0), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  await assert.rejects(w.finish(origin()), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  assert.ok(existsSync(path));
  await w.abort();
  await w.abort();
  assert.equal(existsSync(path), false);
});

test('create refuses an existing file with an io error and leaves it alone', async () => {
  const path = fresh();
  writeFileSync(path, 'keep me');
  await assert.rejects(BacpacPackageWriter.create(path, { compression: 'fast' }), (e: unknown) => e instanceof BackupError && e.kind === 'io');
  assert.equal(readFileSync(path, 'utf8'), 'keep me');
});

test('a part spanning many blocks of random and zero data round-trips for stored and deflated entries', async () => {
  // 640 KiB blocks bypass the write-behind buffer, so the local header is patched on disk rather than in memory
  for (const [compression, blockSize] of [['none', 64 * 1024], ['normal', 64 * 1024], ['none', 640 * 1024], ['fast', 640 * 1024]] as const) {
    const path = fresh();
    const w = await BacpacPackageWriter.create(path, { compression, blockSize, maxInFlight: 3 });
    await w.writeModel(MODEL);
    await w.writeDacMetadata('Db');
    const data = Buffer.concat([randomBytes(300_000), Buffer.alloc(500_000), randomBytes(70_001)]);
    const sink = await w.openPart('dbo', 'Big', 0);
    for (let p = 0; p < data.length; p += 100_000) await sink.write(data.subarray(p, p + 100_000));
    const res = await sink.end();
    assert.equal(res.uncompressedBytes, data.length);
    await w.finish(origin());
    const r = await BacpacPackageReader.open(path);
    const chunks: Buffer[] = [];
    for await (const c of r.openPart(res.name)) chunks.push(c);
    assert.deepEqual(Buffer.concat(chunks), data);
    assert.deepEqual(r.errors, []);
    await r.close();
    const z = inspectZip(path);
    const i = z.central.findIndex((c) => c.name === res.name);
    assert.deepEqual([z.locals[i].crc, z.locals[i].compressed, z.locals[i].uncompressed], [z.central[i].crc, z.central[i].compressed, data.length]);
  }
});
