import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BackupError } from '../../../src/core/errors';
import type { SqlRow } from '../../../src/core/bcp/values';
import { TablePartWriter, bcpPartTargetBytes, createRowDecoder, createRowEncoder, splitIntoParts } from '../../../src/core/bcp';
import { col } from './helpers';

const columns = [col('int', {}, false, 'Id'), col('nvarchar', { isMax: true }, true, 'Body'), col('int', {}, true, 'Extra')];
/** A computed column in the model is skipped: rows carry values for Id, Body and Extra only. */
const modelColumns = [...columns.slice(0, 2), { ...col('int', {}, true, 'Twice'), computed: { expression: '([Id]*(2))', persisted: false } }, columns[2]];

function rowsOfSizes(bodies: number[]): SqlRow[] {
  return bodies.map((n, i) => [i, 'x'.repeat(n), null]);
}

test('the target part size is 4 MiB', () => {
  assert.equal(bcpPartTargetBytes, 4 * 1024 * 1024);
});

test('a part ends after the row that brings it to the target, and rows are never split', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), fc.integer({ min: 1, max: 300 }), (bodies, target) => {
      const rows = rowsOfSizes(bodies);
      const parts = splitIntoParts(modelColumns, rows, { partTargetBytes: target });
      const rowBytes = bodies.map((n) => 4 + 8 + 2 * n + 1);
      // Expected split, computed from the row sizes alone.
      const expectedSizes: number[] = [];
      let current = 0;
      for (const size of rowBytes) {
        current += size;
        if (current >= target) {
          expectedSizes.push(current);
          current = 0;
        }
      }
      if (current > 0) expectedSizes.push(current);
      assert.deepEqual(parts.map((p) => p.length), expectedSizes);
      // Every part decodes on its own, and together they are the table's rows in order.
      const decoder = createRowDecoder(modelColumns);
      assert.deepEqual(parts.flatMap((p) => decoder.decodeRows(p)), rows);
      const whole = createRowEncoder(modelColumns);
      for (const row of rows) whole.encode(row);
      assert.ok(Buffer.concat(parts).equals(whole.takeChunk()));
    }),
  );
});

test('with the default target, parts close just past 4 MiB', () => {
  const writer = new TablePartWriter(modelColumns, { table: '[dbo].[Big]' });
  const body = 'y'.repeat(5000); // 4 + 8 + 10,000 + 5 = 10,017 bytes a row
  let rows = 0;
  const chunks: Buffer[] = [];
  while (!writer.writeRow([rows, body, rows])) {
    rows++;
    if (writer.bytesPending > 256 * 1024) chunks.push(writer.takeChunk());
  }
  rows++;
  chunks.push(writer.takeChunk());
  const part = Buffer.concat(chunks);
  assert.equal(rows, Math.ceil(bcpPartTargetBytes / 10_017));
  assert.equal(part.length, rows * 10_017);
  assert.ok(part.length >= bcpPartTargetBytes && part.length - 10_017 < bcpPartTargetBytes);
  assert.equal(writer.partIndex, 0);
  assert.equal(writer.partRows, rows);
  assert.equal(writer.partComplete, true);

  assert.throws(() => writer.writeRow([0, '', null]), (e: unknown) => e instanceof BackupError && /nextPart/.test(e.message));
  writer.nextPart();
  assert.equal(writer.partIndex, 1);
  writer.writeRow([1, 'a', 2]);
  assert.throws(() => writer.nextPart(), /takeChunk/);
  assert.equal(writer.totalRows, rows + 1);
  assert.equal(writer.totalBytes, part.length + 4 + 8 + 2 + 5);
});

test('no rows, no parts', () => {
  assert.deepEqual(splitIntoParts(modelColumns, []), []);
});
