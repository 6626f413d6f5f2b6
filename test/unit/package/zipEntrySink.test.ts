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
