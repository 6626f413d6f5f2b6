import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { BacpacPackageWriter, type OriginInfo } from '../../../src/core/package/bacpacWriter';
import { BacpacPackageReader } from '../../../src/core/package/bacpacReader';
import { PackageFormatError, ZipReader } from '../../../src/core/package/zipReader';
import { crc32Js } from '../../../src/core/package/crc32';
import { hasCommand, inspectZip, runPython } from './rawZip';

const dir = mkdtempSync(join(tmpdir(), 'bacpac-reader-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const fresh = (ext = 'bacpac'): string => join(dir, `r${counter++}.${ext}`);

const MODEL = Buffer.from('<?xml version="1.0" encoding="utf-8"?>\r\n<DataSchemaModel SchemaVersion="2.9" />', 'utf8');
const ORIGIN: OriginInfo = {
  serverVersionText: 'Microsoft SQL Server 2022',
  objectCounts: { Table: 1 },
  totalRows: 3,
  modelSchemaVersion: '2.9',
  operationStart: new Date(),
};

/** A valid package: one deflated part and one stored part (two writers), returned with the raw layout. */
async function basePackage(compression: 'none' | 'normal'): Promise<string> {
  const path = fresh();
  const w = await BacpacPackageWriter.create(path, { compression });
  await w.writeModel(MODEL);
  await w.writeDacMetadata('Db');
  await w.writePart('dbo', 'T', 0, Buffer.from('row1 row2 row3 '.repeat(500)));
  await w.finish(ORIGIN);
  return path;
}

function copy(path: string): string {
  const to = fresh();
  copyFileSync(path, to);
  return to;
}

function patch(path: string, at: number, bytes: Buffer): void {
  const b = readFileSync(path);
  bytes.copy(b, at);
  writeFileSync(path, b);
}

function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}

/** Offsets of an entry's fields in the central directory of a package written without comment. */
function centralFieldOffset(path: string, name: string): number {
  const z = inspectZip(path);
  let p = z.eocd.cdOffset;
  for (const c of z.central) {
    if (c.name === name) return p;
    p += 46 + c.nameLength + c.extraLength + c.commentLength;
  }
  throw new Error(`no ${name}`);
}

async function codes(path: string): Promise<string[]> {
  const r = await BacpacPackageReader.open(path);
  await r.close();
  return r.errors.map((e) => e.code);
}

const PART = 'Data/dbo.T/TableData-000-00000.BCP';

test('a valid package opens with no issue and streams every part', async () => {
  for (const compression of ['none', 'normal'] as const) {
    const path = await basePackage(compression);
    const r = await BacpacPackageReader.open(path);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    assert.equal((await r.readPart(PART)).toString(), 'row1 row2 row3 '.repeat(500));
    await r.close();
  }
});

test('a flipped byte in a stored part is a CRC error', async () => {
  const path = copy(await basePackage('none'));
  const z = inspectZip(path);
  const i = z.central.findIndex((c) => c.name === PART);
  const at = z.locals[i].dataOffset + 100;
  patch(path, at, Buffer.from([readFileSync(path)[at] ^ 0x01]));
  const r = await BacpacPackageReader.open(path);
  assert.deepEqual(r.errors, [], 'the structure is intact');
  await assert.rejects(r.readPart(PART), (e: unknown) => e instanceof PackageFormatError && e.code === 'zip.crc-mismatch' && e.where === PART);
  await r.close();
});

test('a flipped byte in a deflated part is caught (CRC, size or deflate error)', async () => {
  const base = await basePackage('normal');
  const z = inspectZip(base);
  const i = z.central.findIndex((c) => c.name === PART);
  for (const rel of [5, Math.floor(z.central[i].compressed / 2), z.central[i].compressed - 3]) {
    const path = copy(base);
    const at = z.locals[i].dataOffset + rel;
    patch(path, at, Buffer.from([readFileSync(path)[at] ^ 0x10]));
    const r = await BacpacPackageReader.open(path);
    await assert.rejects(r.readPart(PART), (e: unknown) => e instanceof PackageFormatError && ['zip.crc-mismatch', 'zip.size-mismatch', 'zip.inflate'].includes(e.code));
    await r.close();
  }
});

test('a truncated file does not open (no end record), nor does a cut central directory', async () => {
  const base = await basePackage('normal');
  const size = readFileSync(base).length;
  for (const cut of [1, 30, Math.floor(size / 2)]) {
    const path = copy(base);
    truncateSync(path, size - cut);
    await assert.rejects(BacpacPackageReader.open(path), (e: unknown) => e instanceof PackageFormatError && e.code === 'zip.eocd-missing');
  }
  // keep the end record but lose the middle: the central directory no longer fits
  const path = copy(base);
  const b = readFileSync(base);
  writeFileSync(path, Buffer.concat([b.subarray(0, 100), b.subarray(b.length - 22)]));
  await assert.rejects(BacpacPackageReader.open(path), (e: unknown) => e instanceof PackageFormatError && e.code === 'zip.central-directory');
});

test('local header version changed → local/central mismatch', async () => {
  const path = copy(await basePackage('normal'));
  const z = inspectZip(path);
  const i = z.central.findIndex((c) => c.name === PART);
  patch(path, z.locals[i].offset + 4, u16(45));
  const r = await BacpacPackageReader.open(path);
  await r.close();
  const issue = r.errors.find((e) => e.code === 'zip.local-central-mismatch');
  assert.ok(issue, JSON.stringify(r.errors));
  assert.equal(issue.where, PART);
  assert.match(issue.message, /version-needed 45 vs 20/);
});

test('local CRC, size and name differences are mismatches too', async () => {
  const base = await basePackage('normal');
  const z = inspectZip(base);
  const i = z.central.findIndex((c) => c.name === PART);
  for (const [field, bytes] of [
    [14, u32(z.locals[i].crc ^ 1)],
    [18, u32(z.locals[i].compressed + 1)],
    [22, u32(z.locals[i].uncompressed - 1)],
    [30, Buffer.from('E')],
  ] as const) {
    const path = copy(base);
    patch(path, z.locals[i].offset + field, bytes);
    assert.ok((await codes(path)).includes('zip.local-central-mismatch'), `field at ${field}`);
  }
});

test('version-needed outside {10,11,20,45}, other methods, encryption, non-ASCII names are reported', async () => {
  const base = await basePackage('normal');
  const z = inspectZip(base);
  const i = z.central.findIndex((c) => c.name === PART);
  const cd = centralFieldOffset(base, PART);
  const cases: [string, [number, Buffer][]][] = [
    ['zip.version-needed', [[z.locals[i].offset + 4, u16(63)], [cd + 6, u16(63)]]],
    ['zip.method', [[z.locals[i].offset + 8, u16(12)], [cd + 10, u16(12)]]],
    ['zip.encrypted', [[z.locals[i].offset + 6, u16(1)], [cd + 8, u16(1)]]],
    ['zip.name-not-ascii', [[z.locals[i].offset + 30, Buffer.from([0xc3])], [cd + 46, Buffer.from([0xc3])]]],
  ];
  for (const [code, patches] of cases) {
    const path = copy(base);
    for (const [at, bytes] of patches) patch(path, at, bytes);
    const found = await codes(path);
    assert.ok(found.includes(code), `${code}: ${found.join(', ')}`);
    assert.ok(!found.includes('zip.local-central-mismatch'), `${code}: both headers changed alike`);
  }
});

test('an entry pointing into another one is an overlap', async () => {
  const path = copy(await basePackage('normal'));
  const z = inspectZip(path);
  // make DacMetadata.xml's compressed size run into the next entry, in both headers
  const i = z.central.findIndex((c) => c.name === 'DacMetadata.xml');
  const bigger = u32(z.central[i].compressed + 40);
  patch(path, z.locals[i].offset + 18, bigger);
  patch(path, centralFieldOffset(path, 'DacMetadata.xml') + 20, bigger);
  assert.ok((await codes(path)).includes('zip.overlap'));
});

test('a wrong checksum in Origin.xml is visible to the verifier (origin vs recomputed)', async () => {
  const path = copy(await basePackage('normal'));
  const z = inspectZip(path);
  const i = z.central.findIndex((c) => c.name === 'Origin.xml');
  const file = readFileSync(path);
  const start = z.locals[i].dataOffset;
  const origin = Buffer.from(file.subarray(start, start + z.central[i].compressed));
  const at = origin.indexOf('<Checksum Uri="/model.xml">') + '<Checksum Uri="/model.xml">'.length;
  origin[at] = origin[at] === 0x30 ? 0x31 : 0x30; // change the first hex digit
  origin.copy(file, start);
  // Origin.xml is stored: fix its CRC in both headers so only the checksum is wrong
  const crc = u32(crc32Js(origin));
  crc.copy(file, z.locals[i].offset + 14);
  crc.copy(file, centralFieldOffset(path, 'Origin.xml') + 16);
  writeFileSync(path, file);
  const r = await BacpacPackageReader.open(path);
  assert.deepEqual(r.errors, []);
  const computed = await r.computeModelChecksum();
  assert.equal(computed, createHash('sha256').update(MODEL).digest('hex').toUpperCase());
  assert.notEqual(r.origin?.modelChecksum, computed);
  await r.close();
});

test('missing parts, unknown data names and missing relationships are reported', async () => {
  // rename Origin.xml → Origin.xmL in both headers
  const base = await basePackage('normal');
  const z = inspectZip(base);
  const path = copy(base);
  const o = z.central.findIndex((c) => c.name === 'Origin.xml');
  patch(path, z.locals[o].offset + 30 + 9, Buffer.from('L'));
  patch(path, centralFieldOffset(base, 'Origin.xml') + 46 + 9, Buffer.from('L'));
  const found = await codes(path);
  assert.ok(found.includes('package.missing-part'), found.join());

  // rename the part so no relationship targets it and its name is not a part name
  const path2 = copy(base);
  const p = z.central.findIndex((c) => c.name === PART);
  const at = 'Data/dbo.T/TableData-000-00000.'.length;
  patch(path2, z.locals[p].offset + 30 + at, Buffer.from('X'));
  patch(path2, centralFieldOffset(base, PART) + 46 + at, Buffer.from('X'));
  const r = await BacpacPackageReader.open(path2);
  await r.close();
  assert.ok(r.errors.some((e) => e.code === 'package.part-name'), JSON.stringify(r.errors));
  assert.ok(r.warnings.some((e) => e.code === 'opc.dangling-relationship'));
});

// ---- hand-built archives for the forms our writer never produces ----

interface Craft {
  name: string;
  data: Buffer;
  method?: 0 | 8;
  version?: number;
  flags?: number;
  descriptor?: 12 | 16 | 20 | 24;
}

function craftZip(entries: Craft[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 0;
    const body = method === 8 ? deflateRawSync(e.data) : e.data;
    const crc = crc32Js(e.data);
    const flags = e.flags ?? (e.descriptor ? 8 : 0);
    const version = e.version ?? (method === 8 ? 20 : 10);
    const name = Buffer.from(e.name, 'latin1');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(version, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(0x58210000, 10);
    if (!e.descriptor) {
      lh.writeUInt32LE(crc, 14);
      lh.writeUInt32LE(body.length, 18);
      lh.writeUInt32LE(e.data.length, 22);
    }
    lh.writeUInt16LE(name.length, 26);
    let dd = Buffer.alloc(0);
    if (e.descriptor) {
      const sig = e.descriptor === 16 || e.descriptor === 24;
      const wide = e.descriptor >= 20;
      dd = Buffer.alloc(e.descriptor);
      let q = 0;
      if (sig) q = dd.writeUInt32LE(0x08074b50, q);
      q = dd.writeUInt32LE(crc, q);
      if (wide) {
        q = dd.writeBigUInt64LE(BigInt(body.length), q);
        dd.writeBigUInt64LE(BigInt(e.data.length), q);
      } else {
        q = dd.writeUInt32LE(body.length, q);
        dd.writeUInt32LE(e.data.length, q);
      }
    }
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(0x2d, 4);
    ch.writeUInt16LE(version, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(0x58210000, 12);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    out.push(lh, name, body, dd);
    offset += 30 + name.length + body.length + dd.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cd, eocd]);
}

async function zipCodes(entries: Craft[]): Promise<string[]> {
  const path = fresh('zip');
  writeFileSync(path, craftZip(entries));
  const z = await ZipReader.open(path);
  for (const e of z.entries) {
    const got: Buffer[] = [];
    for await (const c of z.openEntry(e)) got.push(c);
    assert.deepEqual(Buffer.concat(got), entries.find((x) => x.name === e.name)?.data);
  }
  await z.close();
  return z.issues.map((i) => i.code);
}

test('data descriptors: the 32-bit forms pass; 64-bit forms need version 45; a wrong one is a mismatch', async () => {
  const data = Buffer.from('hello descriptor '.repeat(20));
  assert.deepEqual(await zipCodes([{ name: 'a', data, method: 8, descriptor: 12 }, { name: 'b', data, descriptor: 16 }]), []);
  assert.deepEqual(await zipCodes([{ name: 'a', data, method: 8, descriptor: 24, version: 45 }, { name: 'b', data, descriptor: 20, version: 45 }]), []);
  assert.deepEqual(await zipCodes([{ name: 'a', data, method: 8, descriptor: 24 }]), ['zip.data-descriptor-64-without-45']);
  assert.deepEqual(await zipCodes([{ name: 'a', data, descriptor: 20, version: 10 }]), ['zip.data-descriptor-64-without-45']);
  // bit 3 set but no descriptor after the data
  const path = fresh('zip');
  const z = craftZip([{ name: 'a', data, flags: 8 }, { name: 'b', data }]);
  writeFileSync(path, z);
  const r = await ZipReader.open(path);
  await r.close();
  assert.ok(r.issues.some((i) => i.code === 'zip.data-descriptor-mismatch'), JSON.stringify(r.issues));
});

test('directory entries and duplicate names are reported', async () => {
  assert.ok((await zipCodes([{ name: 'Data/', data: Buffer.alloc(0) }])).includes('zip.directory-entry'));
  assert.ok((await zipCodes([{ name: 'x.xml', data: Buffer.from('1') }, { name: 'X.XML', data: Buffer.from('2') }])).includes('zip.duplicate-name'));
});

test('an archive written by Python (no padding field, made-by Unix) passes the strict rules', { skip: hasCommand('python3') ? false : 'python3 is not installed' }, async () => {
  const path = fresh('zip');
  runPython(
    [
      'import sys, zipfile',
      'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
      '    z.writestr("model.xml", "<m/>" * 100)',
      '    z.writestr(zipfile.ZipInfo("Origin.xml"), "<o/>")',
    ].join('\n'),
    path,
  );
  const r = await ZipReader.open(path);
  assert.deepEqual(r.issues, []);
  assert.equal((await r.readEntry('model.xml')).toString(), '<m/>'.repeat(100));
  await r.close();
});
