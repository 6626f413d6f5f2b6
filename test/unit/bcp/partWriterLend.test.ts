import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BackupError } from '../../../src/core/errors';
import type { SqlRow } from '../../../src/core/bcp/values';
import { TablePartWriter, splitIntoParts } from '../../../src/core/bcp';
import { col } from './helpers';

const columns = [col('int', {}, false, 'Id'), col('nvarchar', { isMax: true }, true, 'Body')];

/** Parts the way the exporter takes them: lent, kept until the next part is taken, then released. */
function lentParts(rows: SqlRow[], target: number): Buffer[] {
  const writer = new TablePartWriter(columns, { partTargetBytes: target });
  const copies: Buffer[] = [];
  let lent: Buffer | undefined;
  const take = () => {
    if (lent) writer.releaseChunk(lent);
    lent = writer.lendChunk();
    copies.push(Buffer.from(lent));
  };
  for (const row of rows) {
    if (writer.writeRow(row)) {
      take();
      writer.nextPart();
    }
  }
  if (writer.partRows > 0) take();
  return copies;
}

test('lent parts hold the same bytes as copied parts', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 60 }), fc.integer({ min: 1, max: 200 }), (bodies, target) => {
      const rows: SqlRow[] = bodies.map((b, i) => [i, b]);
      const copied = splitIntoParts(columns, rows, { partTargetBytes: target });
      assert.deepEqual(lentParts(rows, target).map((b) => b.toString('hex')), copied.map((b) => b.toString('hex')));
    }),
  );
});

test('a released chunk’s memory is reused for a later part, and a lent one is never overwritten', () => {
  const writer = new TablePartWriter(columns, { partTargetBytes: 16 });
  writer.writeRow([1, 'abcdefgh']);
  const first = writer.lendChunk();
  const firstBytes = Buffer.from(first);
  writer.nextPart();
  writer.writeRow([2, 'ijklmnop']);
  // The first chunk is still lent: writing the second part must not touch it.
  assert.deepEqual(first, firstBytes);
  writer.releaseChunk(first);
  const second = writer.lendChunk();
  writer.nextPart();
  writer.releaseChunk(second);
  writer.writeRow([3, 'qrstuvwx']);
  const third = writer.lendChunk();
  assert.equal(third.buffer, first.buffer, 'the first buffer is encoded into again once released');
});

test('several chunks may be lent at once, each released once; a stranger or a second release is refused', () => {
  const writer = new TablePartWriter(columns, { partTargetBytes: 16 });
  writer.writeRow([1, 'abcdefgh']);
  const first = writer.lendChunk();
  const firstBytes = Buffer.from(first);
  writer.nextPart();
  writer.writeRow([2, 'ijklmnop']);
  const second = writer.lendChunk();
  writer.nextPart();
  writer.writeRow([3, 'qrstuvwx']);
  assert.deepEqual(first, firstBytes, 'two parts lent: encoding the third touches neither');
  assert.notEqual(second.buffer, first.buffer);
  assert.throws(() => writer.releaseChunk(Buffer.from(first)), BackupError);
  writer.releaseChunk(first);
  assert.throws(() => writer.releaseChunk(first), BackupError);
  writer.releaseChunk(second);
});
