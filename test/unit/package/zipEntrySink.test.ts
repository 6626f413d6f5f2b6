import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { ZipEntrySink, type EntryOutput, type EntrySizes } from '../../../src/core/package/zipEntrySink';
import { crc32Js } from '../../../src/core/package/crc32';

/** An output whose appends complete only when the test releases them. */
function stalledOutput(blockSize: number) {
  const appended: Buffer[] = [];
  const waiting: (() => void)[] = [];
  let blocksOut = 0;
  let maxBlocksOut = 0;
  let completed: EntrySizes | undefined;
  const out: EntryOutput = {
    beginEntry: async () => 0,
    append: (data) =>
      new Promise<void>((resolve) => {
        waiting.push(() => {
          appended.push(Buffer.from(data));
          resolve();
        });
      }),
    completeEntry: async (sizes) => {
      completed = sizes;
    },
    takeBlock: () => {
      blocksOut++;
      maxBlocksOut = Math.max(maxBlocksOut, blocksOut);
      return Buffer.alloc(blockSize);
    },
    giveBlock: () => {
      blocksOut--;
    },
  };
  return {
    out,
    appended,
    releaseAll: () => waiting.splice(0).forEach((f) => f()),
    pendingAppends: () => waiting.length,
    maxBlocksOut: () => maxBlocksOut,
    completed: () => completed,
  };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

for (const level of [null, 6] as const) {
  test(`write() waits while ${level === null ? 'stored' : 'deflated'} blocks are queued (backpressure) and memory stays bounded`, async () => {
    const blockSize = 1024;
    const maxInFlight = 2;
    const o = stalledOutput(blockSize);
    const sink = new ZipEntrySink(o.out, level, maxInFlight);
    const data = Buffer.alloc(blockSize * 40);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;

    // enough to fill the queue: the write must not resolve while appends are stalled
    let resolved = false;
    const first = sink.write(data.subarray(0, blockSize * 6)).then(() => {
      resolved = true;
    });
    await tick();
    assert.equal(resolved, false, 'write resolved although nothing could be written');
    assert.equal(o.pendingAppends(), 1, 'one append at a time');

    // drain in steps until everything is through
    const pump = setInterval(o.releaseAll, 1);
    try {
      await first;
      await sink.write(data.subarray(blockSize * 6));
      const sizes = await sink.end();
      assert.equal(sizes.uncompressedBytes, data.length);
      assert.equal(sizes.crc32, crc32Js(data));
      assert.deepEqual(o.completed(), sizes);
    } finally {
      clearInterval(pump);
    }
    const body = Buffer.concat(o.appended);
    assert.equal(body.length, o.completed()?.compressedBytes);
    assert.deepEqual(level === null ? body : inflateRawSync(body), data);
    // staging + queued blocks never exceed a constant, whatever the entry size
    assert.ok(o.maxBlocksOut() <= maxInFlight + 2, `max blocks out ${o.maxBlocksOut()}`);
  });
}

test('an entry with no byte still produces a valid (empty) deflate stream', async () => {
  const o = stalledOutput(64);
  const sink = new ZipEntrySink(o.out, 6, 2);
  const pump = setInterval(o.releaseAll, 1);
  const sizes = await sink.end();
  clearInterval(pump);
  assert.equal(sizes.uncompressedBytes, 0);
  assert.equal(inflateRawSync(Buffer.concat(o.appended)).length, 0);
});

test('a sink refuses use after end()', async () => {
  const o = stalledOutput(64);
  const sink = new ZipEntrySink(o.out, null, 2);
  const pump = setInterval(o.releaseAll, 1);
  await sink.write(Buffer.from('abc'));
  await sink.end();
  clearInterval(pump);
  await assert.rejects(sink.write(Buffer.from('x')));
});

test('compressEntry round-trips and gives the bytes, CRC and sizes of the streamed entry, for every level and size', async () => {
  const { compressEntry } = await import('../../../src/core/package/zipEntrySink');
  const blockSize = 64 * 1024;
  const text = Buffer.from('{"contentTypeKey":"a9f3","values":[1,2,3],"name":"Block list item"} '.repeat(6000));
  for (const size of [0, 1, 1000, blockSize - 1, blockSize, blockSize + 1, 3 * blockSize + 17, text.length]) {
    const data = text.subarray(0, size);
    for (const level of [null, 1, 6, 9]) {
      const o = stalledOutput(blockSize);
      const sink = new ZipEntrySink(o.out, level, 2);
      const release = setInterval(o.releaseAll, 1);
      const streamed = await sink.write(data).then(() => sink.end()).finally(() => clearInterval(release));
      const whole = await compressEntry(data, level, blockSize, 3);
      const body = Buffer.concat(whole.chunks);
      assert.deepEqual(level === null ? body : inflateRawSync(body), data, `round trip, ${size} bytes, level ${level}`);
      assert.equal(whole.sizes.compressedBytes, body.length);
      assert.equal(whole.sizes.crc32, crc32Js(data));
      assert.equal(whole.sizes.uncompressedBytes, size);
      // A streamed entry that ends exactly on a block boundary finishes with an empty final block; a whole one
      // knows its last block in advance. Everywhere else the two streams are identical.
      if (level !== null && size > 0 && size % blockSize === 0) continue;
      assert.deepEqual(whole.sizes, streamed, `sizes, ${size} bytes, level ${level}`);
      assert.deepEqual(body, Buffer.concat(o.appended), `bytes, ${size} bytes, level ${level}`);
    }
  }
});

test('deflateBound leaves room for a whole block, even of incompressible bytes; the chunk size caps it at 256 KiB', async () => {
  const { deflateBound, deflateChunkSize } = await import('../../../src/core/package/zipEntrySink');
  const { randomBytes } = await import('node:crypto');
  const { deflateRawSync, constants } = await import('node:zlib');
  for (const size of [16 * 1024, 1024 * 1024]) {
    const out = deflateRawSync(randomBytes(size), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
    assert.ok(out.length <= deflateBound(size), `${out.length} > ${deflateBound(size)}`);
  }
  assert.equal(deflateChunkSize(16 * 1024), deflateBound(16 * 1024));
  assert.equal(deflateChunkSize(1024 * 1024), 256 * 1024);
});
