import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ZipReader } from '../../../src/core/package/zipReader';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The product design names `archiver` for the zip. This test keeps the reason we write our own zip honest
// (src/core/package/zipFileWriter.ts): archiver marks every deflated entry with a data descriptor (flag bit 3,
// zero CRC and sizes in the local header), which bacpac-format.md §2.2 advises against and DacFx never writes.
// If a future archiver stops doing that, this test fails and the decision should be revisited.

// archiver 8 is an ES module; the compiled tests are CommonJS, so load it with a real dynamic import.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ ZipArchive: new (options?: object) => ArchiverLike }>;

interface ArchiverLike {
  pipe(stream: Writable): void;
  append(data: Buffer, options: { name: string }): void;
  finalize(): Promise<void>;
}

test('archiver writes deflated entries with a data descriptor, which the bacpac zip rules avoid', async () => {
  const { ZipArchive } = await importModule('archiver');
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, cb) => (chunks.push(chunk), cb()) });
  const zip = new ZipArchive({ zlib: { level: 6 } });
  zip.pipe(sink);
  zip.append(Buffer.from('<DataSchemaModel />'), { name: 'model.xml' });
  await zip.finalize();
  await new Promise((resolve) => sink.end(resolve));
  const bytes = Buffer.concat(chunks);
  assert.equal(bytes.readUInt32LE(0), 0x04034b50, 'a local file header');
  const flags = bytes.readUInt16LE(6);
  assert.equal(flags & 0x0008, 0x0008, 'archiver sets the data-descriptor bit on a deflated entry');
  assert.equal(bytes.readUInt32LE(14), 0, 'and leaves the CRC out of the local header');

  // Our strict reader flags nothing fatal in such a zip, but our writer never produces one (see bacpacWriter tests).
  const dir = mkdtempSync(join(tmpdir(), 'archiver-'));
  try {
    writeFileSync(join(dir, 'a.zip'), bytes);
    const reader = await ZipReader.open(join(dir, 'a.zip'));
    assert.equal(reader.entries[0].flags & 0x0008, 0x0008);
    await reader.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
