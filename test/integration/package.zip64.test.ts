/**
 * Zip64 for real: a package past 4 GiB (stored zero-filled parts) and one with more than 65,535 entries, written
 * by the bacpac writer, checked on the raw headers against bacpac-format.md §2.2 rule 6 and 8, and read back by
 * the strict reader and by Python's zipfile. Needs ~5 GB free in the temp folder; skips below 10 GB.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BacpacPackageWriter, type OriginInfo } from '../../src/core/package/bacpacWriter';
import { BacpacPackageReader } from '../../src/core/package/bacpacReader';
import { hasCommand, inspectZip, runPython } from '../unit/package/rawZip';

const FOUR_GIB = 0xffffffff;
const PART = 4 * 1024 * 1024;
const PARTS = 1100; // 1100 × 4 MiB = 4.3 GiB of data: the last ~75 parts start beyond 0xFFFFFFFF

function freeBytes(path: string): number {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
}

const free = freeBytes(tmpdir());
const skipBig = free < 10e9 ? `needs 10 GB free in ${tmpdir()}, only ${(free / 1e9).toFixed(1)} GB available` : false;

const MODEL = Buffer.from('<?xml version="1.0" encoding="utf-8"?>\r\n<DataSchemaModel SchemaVersion="2.9" />', 'utf8');
const ORIGIN: OriginInfo = { serverVersionText: 'Microsoft SQL Server 2022', objectCounts: { Table: 1 }, totalRows: 1, modelSchemaVersion: '2.9', operationStart: new Date() };

test('a package past 4 GiB: version 45 and Zip64 fields in local and central headers, Zip64 end records', { skip: skipBig, timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bacpac-zip64-'));
  const path = join(dir, 'big.bacpac');
  try {
    const w = await BacpacPackageWriter.create(path, { compression: 'none' });
    await w.writeModel(MODEL);
    await w.writeDacMetadata('Big');
    const zeros = Buffer.alloc(PART);
    for (let i = 0; i < PARTS; i++) await w.writePart('dbo', 'Big', i, zeros);
    const last = Buffer.from('the last part, beyond 4 GiB');
    const lastPart = await w.writePart('dbo', 'Tail', 0, last);
    const done = await w.finish(ORIGIN);
    assert.ok(done.bytes > 2 * 1024 ** 3 * 2, `file is ${done.bytes} bytes`);

    const z = inspectZip(path);
    let beyond = 0;
    for (let i = 0; i < z.central.length; i++) {
      const c = z.central[i];
      const l = z.locals[i];
      const needs = c.realOffset >= FOUR_GIB || c.realCompressed >= FOUR_GIB || c.realUncompressed >= FOUR_GIB;
      const plainVersion = c.method === 8 ? 20 : 10;
      assert.equal(l.flags, 0, c.name);
      assert.equal(l.extraRaw.length, 28, `${c.name}: local extra keeps DacFx's 28 bytes`);
      if (needs) {
        beyond++;
        assert.equal(l.version, 45, `${c.name} local version`);
        assert.equal(c.version, 45, `${c.name} central version`);
        assert.equal(l.compressed, 0xffffffff);
        assert.equal(l.uncompressed, 0xffffffff);
        assert.deepEqual(
          l.extras.map((x) => [x.id, x.data.length]),
          [
            [0x0001, 16],
            [0xa220, 4],
          ],
          `${c.name}: local Zip64 field with both sizes, then the rest of the padding`,
        );
        const z64 = l.extras[0].data;
        assert.equal(Number(z64.readBigUInt64LE(0)), c.realUncompressed);
        assert.equal(Number(z64.readBigUInt64LE(8)), c.realCompressed);
        assert.equal(c.offset, 0xffffffff);
        assert.equal(c.compressed, 0xffffffff);
        assert.equal(c.uncompressed, 0xffffffff);
        assert.deepEqual(
          c.extras.map((x) => [x.id, x.data.length]),
          [[0x0001, 24]],
        );
        assert.equal(c.realOffset, l.offset);
        assert.ok(c.realOffset >= FOUR_GIB);
      } else {
        assert.equal(l.version, plainVersion, `${c.name} local version`);
        assert.equal(c.version, plainVersion, `${c.name} central version`);
        assert.equal(c.extraLength, 0);
        assert.equal(l.extraRaw.readUInt16LE(0), 0xa220);
      }
      if (c.name.startsWith('Data/dbo.Big/')) assert.equal(c.realUncompressed, PART);
    }
    assert.ok(beyond >= 70, `${beyond} entries beyond 4 GiB`);
    assert.ok(['Data/dbo.Tail/TableData-000-00000.BCP', '_rels/.rels', 'Origin.xml'].every((n) => (z.central.find((c) => c.name === n)?.realOffset ?? 0) >= FOUR_GIB));

    assert.ok(z.zip64Eocd && z.locator, 'Zip64 end record and locator');
    assert.equal(z.zip64Eocd.recordSize, 44);
    assert.equal(z.zip64Eocd.madeBy, 45);
    assert.equal(z.zip64Eocd.version, 45);
    assert.equal(z.zip64Eocd.disk, 0);
    assert.equal(z.zip64Eocd.count, z.central.length);
    assert.equal(z.zip64Eocd.countDisk, z.central.length);
    assert.ok(z.zip64Eocd.cdOffset >= FOUR_GIB);
    assert.equal(z.zip64Eocd.cdOffset + z.zip64Eocd.cdSize, z.zip64Eocd.offset);
    assert.equal(z.locator.zip64EocdOffset + 56, z.eocdOffset - 20);
    assert.equal(z.locator.totalDisks, 1);
    assert.deepEqual([z.eocd.count, z.eocd.countDisk, z.eocd.cdSize, z.eocd.cdOffset], [0xffff, 0xffff, 0xffffffff, 0xffffffff]);

    // the strict reader
    const r = await BacpacPackageReader.open(path);
    try {
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.warnings, []);
      assert.equal(r.zip.zip64Archive, true);
      assert.equal(r.dataParts.length, PARTS + 1);
      assert.deepEqual(await r.readPart(lastPart.name), last);
      const lastBig = await r.readPart(`Data/dbo.Big/TableData-000-0${PARTS - 1}.BCP`);
      assert.ok(lastBig.equals(zeros));
      assert.equal(await r.computeModelChecksum(), r.origin?.modelChecksum);
    } finally {
      await r.close();
    }

    // Python's zipfile: same directory, and the last entries read with their CRCs checked
    if (hasCommand('python3')) {
      const out = JSON.parse(
        runPython(
          [
            'import sys, zipfile, json, hashlib',
            'z = zipfile.ZipFile(sys.argv[1])',
            'info = z.infolist()',
            'tail = {i.filename: hashlib.sha256(z.read(i.filename)).hexdigest() for i in info[-4:]}',
            'print(json.dumps({"entries": [[i.filename, i.header_offset, i.file_size, i.compress_size, i.extract_version] for i in info], "tail": tail}))',
          ].join('\n'),
          path,
        ),
      ) as { entries: [string, number, number, number, number][]; tail: Record<string, string> };
      assert.deepEqual(
        out.entries,
        z.central.map((c) => [c.name, c.realOffset, c.realUncompressed, c.realCompressed, c.version]),
      );
      assert.equal(out.tail[lastPart.name], createHash('sha256').update(last).digest('hex'));
      assert.equal(out.tail[`Data/dbo.Big/TableData-000-0${PARTS - 1}.BCP`], createHash('sha256').update(zeros).digest('hex'));
    }
    if (hasCommand('unzip', ['-v'])) {
      const u = spawnSync('unzip', ['-p', path, 'Origin.xml'], { encoding: 'utf8' });
      assert.equal(u.status, 0, u.stderr);
      assert.match(u.stdout, /<TableRowCountTotalTag>1<\/TableRowCountTotalTag>/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a package with more than 65,535 entries gets Zip64 end records while every entry stays plain', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bacpac-many-'));
  const path = join(dir, 'many.bacpac');
  try {
    const w = await BacpacPackageWriter.create(path, { compression: 'fast' });
    await w.writeModel(MODEL);
    await w.writeDacMetadata('Many');
    const parts = 65_600;
    const one = Buffer.from([7]);
    for (let i = 0; i < parts; i++) await w.writePart('dbo', 'Many', i, one);
    await w.finish(ORIGIN);

    const z = inspectZip(path);
    const total = parts + 5;
    assert.equal(z.central.length, total);
    assert.ok(z.zip64Eocd && z.locator);
    assert.equal(z.zip64Eocd.count, total);
    assert.ok(z.zip64Eocd.cdOffset < FOUR_GIB);
    assert.deepEqual([z.eocd.count, z.eocd.cdSize, z.eocd.cdOffset], [0xffff, 0xffffffff, 0xffffffff]);
    for (const c of z.central) assert.ok(c.version === 20 || c.version === 10, c.name);

    const r = await BacpacPackageReader.open(path);
    try {
      assert.deepEqual(r.errors, []);
      assert.equal(r.dataParts.length, parts);
      assert.equal(r.dataParts[parts - 1].name, 'Data/dbo.Many/TableData-000-65599.BCP');
      assert.deepEqual(await r.readPart(r.dataParts[parts - 1].name), one);
    } finally {
      await r.close();
    }
    if (hasCommand('python3')) {
      const out = runPython('import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(len(z.infolist()), z.testzip())', path).trim();
      assert.equal(out, `${total} None`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
