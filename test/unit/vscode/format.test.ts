import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCount, formatDuration } from '../../../src/shared/format';

test('sizes in binary units with sensible precision', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.50 KB');
  assert.equal(formatBytes(15 * 1024 * 1024), '15.0 MB');
  assert.equal(formatBytes(150 * 1024 ** 3), '150 GB');
});

test('durations: tenths under ten seconds, then seconds, minutes and hours', () => {
  assert.equal(formatDuration(450), '0.5 s');
  assert.equal(formatDuration(9_940), '9.9 s');
  assert.equal(formatDuration(42_000), '42 s');
  assert.equal(formatDuration(65_000), '1 min 5 s');
  assert.equal(formatDuration(2 * 3600_000 + 5 * 60_000), '2 h 5 min');
});

test('counts with thousands separators', () => {
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(999), '999');
});
