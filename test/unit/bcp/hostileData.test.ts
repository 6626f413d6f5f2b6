/**
 * The decoder on BCP data it did not write (issue 15): values longer than their column's declaration, decimals
 * wider than their precision and NaNs are refused; a huge value arriving in a stream is checked by its length and
 * skipped, never held, so a part announcing gigabytes costs the row budget and not gigabytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackupError } from '../../../src/core/errors';
import { createRowDecoder } from '../../../src/core/bcp/rowDecoder';
import { col, encodeRow } from './helpers';

const refusesDecoding = (columns: Parameters<typeof createRowDecoder>[0], bytes: Buffer, reason: RegExp) =>
  assert.throws(() => createRowDecoder(columns, { table: '[dbo].[T]' }).decodeRows(bytes), (e: unknown) => {
    assert.ok(e instanceof BackupError, String(e));
    assert.equal(e.kind, 'format');
    assert.match(e.message, reason);
    return true;
  });

test('a value longer than the declared length is refused, though its bytes are all there', () => {
  const long = encodeRow([col('nvarchar', { length: 40 })], ['x'.repeat(30)]);
  refusesDecoding([col('nvarchar', { length: 10 })], long, /column \[c_nvarchar\] nvarchar\(10\).*a 60-byte value is longer than the column's declared 20 bytes/);
  const bytes = encodeRow([col('varbinary', { length: 8 })], [Buffer.alloc(8)]);
  refusesDecoding([col('varbinary', { length: 4 })], bytes, /8-byte value is longer than the column's declared 4 bytes/);
});

test('a decimal with more digits than its precision and a NaN float are refused', () => {
  const wide = encodeRow([col('decimal', { precision: 12, scale: 2 })], ['9999999999.99']);
  wide.writeBigUInt64LE(10n ** 12n, 4); // magnitude 10^12 at scale 2: 13 digits
  refusesDecoding([col('decimal', { precision: 12, scale: 2 })], wide, /10000000000\.00 has more than 12 digits/);
  const nan = encodeRow([col('float', {}, false)], [1.5]);
  nan.writeDoubleLE(Number.NaN, 0);
  refusesDecoding([col('float', {}, false)], nan, /NaN is not a number SQL Server can store/);
});

test('a streamed value larger than the row budget is checked by length and skipped, not held', () => {
  const columns = [col('int', {}, false), col('nvarchar', { isMax: true }, false)];
  const huge = 'A'.repeat(50_000);
  const bytes = Buffer.concat([encodeRow(columns, [1, huge]), encodeRow(columns, [2, 'after'])]);
  const decoder = createRowDecoder(columns, { rowBudgetBytes: 4096 });
  const rows = [];
  for (let at = 0; at < bytes.length; at += 1000) rows.push(...decoder.push(bytes.subarray(at, at + 1000)));
  decoder.end();
  assert.deepEqual(rows, [[1, ''], [2, 'after']]);
  // A whole part at once needs no budget: the value is there, and comes back whole.
  assert.deepEqual(createRowDecoder(columns).decodeRows(bytes)[0], [1, huge]);
});

test('a skipped value that never ends is a truncated part', () => {
  const columns = [col('int', {}, false), col('varbinary', { isMax: true }, false)];
  const bytes = encodeRow(columns, [1, Buffer.alloc(20_000)]).subarray(0, 12_000);
  const decoder = createRowDecoder(columns, { rowBudgetBytes: 1024, table: '[dbo].[T]' });
  for (let at = 0; at < bytes.length; at += 500) decoder.push(bytes.subarray(at, at + 500));
  assert.throws(() => decoder.end(), (e: unknown) => e instanceof BackupError && /ends inside a row/.test(e.message));
});
