import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { crc32, crc32Js } from '../../../src/core/package/crc32';

test('known CRC-32 check values', () => {
  assert.equal(crc32Js(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32Js(Buffer.alloc(0)), 0);
  assert.equal(crc32Js(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
});

test('the table version equals the exported crc32 (native where available) on random data of every small length', () => {
  for (let len = 0; len < 300; len++) {
    const b = randomBytes(len);
    assert.equal(crc32Js(b), crc32(b), `length ${len}`);
  }
  const native = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (native) {
    const big = randomBytes(1 << 20);
    assert.equal(crc32Js(big), native(big) >>> 0);
  }
});

test('continuing a CRC over split input equals the CRC of the whole (unaligned splits)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat(), (bytes, cut) => {
      const buf = Buffer.from(bytes);
      const at = buf.length === 0 ? 0 : cut % (buf.length + 1);
      const whole = crc32Js(buf);
      assert.equal(crc32Js(buf.subarray(at), crc32Js(buf.subarray(0, at))), whole);
      assert.equal(crc32(buf.subarray(at), crc32(buf.subarray(0, at))), whole);
      // a subarray at an odd byte offset of a larger buffer
      const shifted = Buffer.concat([Buffer.from([1, 2, 3]), buf]).subarray(3);
      assert.equal(crc32Js(shifted), whole);
    }),
  );
});
