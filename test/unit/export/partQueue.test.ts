import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PartQueue } from '../../../src/core/export/tableExporter';
import type { BacpacPackageWriter, PartResult } from '../../../src/core/package/bacpacWriter';
import type { CompressedEntry } from '../../../src/core/package/zipEntrySink';
import type { TableModel } from '../../../src/core/model/types';

/** A package writer whose part writes finish when the test says; records the order writes start in. */
function controlledWriter() {
  const started: string[] = [];
  const finish: (() => void)[] = [];
  const writer = {
    compressPart: async (data: Uint8Array): Promise<CompressedEntry> => ({ level: null, chunks: [Buffer.from(data)], sizes: { compressedBytes: data.length, uncompressedBytes: data.length, crc32: 0 } }),
    writeCompressedPart: (_schema: string, table: string, fileIndex: number): Promise<PartResult> => {
      started.push(`${table}#${fileIndex}`);
      return new Promise((resolve) => finish.push(() => resolve({ name: `${table}#${fileIndex}`, compressedBytes: 1, uncompressedBytes: 1, dropped: false })));
    },
  } as unknown as BacpacPackageWriter;
  return { writer, started, finishNext: () => finish.shift()?.() };
}

const table = (name: string) => ({ schema: 'dbo', name, columns: [] }) as unknown as TableModel;
const settle = () => new Promise((r) => setImmediate(r));

test('the queue writes parts one at a time in submission order and caps the parts of all readers together', async () => {
  const w = controlledWriter();
  const queue = new PartQueue(w.writer, 3);
  const writes = [queue.submit(table('A'), 0, Buffer.from('a0')), queue.submit(table('B'), 0, Buffer.from('b0'))];
  assert.equal(queue.full, false);
  writes.push(queue.submit(table('A'), 1, Buffer.from('a1')));
  assert.equal(queue.full, true, 'three parts queued: full');
  let roomed = false;
  void queue.room().then(() => { roomed = true; });
  await settle();
  assert.deepEqual(w.started, ['A#0'], 'one write at a time');
  w.finishNext();
  await settle();
  assert.equal(roomed, true, 'a finished write makes room');
  assert.equal(queue.full, false);
  assert.deepEqual(w.started, ['A#0', 'B#0']);
  w.finishNext();
  await settle();
  w.finishNext();
  const results = await Promise.all(writes);
  assert.deepEqual(results.map((r) => r.name), ['A#0', 'B#0', 'A#1']);
});
