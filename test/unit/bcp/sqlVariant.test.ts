import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SqlVariant } from '../../../src/core/bcp/values';
import { createRowDecoder, createRowEncoder } from '../../../src/core/bcp';
import { col, hex } from './helpers';

/** sql_variant: a 4-byte length, then the TDS SSVARIANT payload (BaseType, PropBytes, props, data). */

const latin1General = '09 04 d0 00 34';
const column = col('sql_variant');

function payloadOf(variant: SqlVariant): string {
  const encoder = createRowEncoder([column]);
  encoder.encode([variant]);
  const bytes = encoder.takeChunk();
  assert.equal(bytes.readUInt32LE(0), bytes.length - 4, 'the prefix holds the payload length');
  return bytes.subarray(4).toString('hex');
}

function decoded(payloadHex: string): unknown {
  const payload = hex(payloadHex);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(payload.length);
  return createRowDecoder([column]).decodeRows(Buffer.concat([prefix, payload]))[0][0];
}

const v = (baseType: SqlVariant['baseType'], value: SqlVariant['value'], extra: Partial<SqlVariant> = {}): SqlVariant => ({ kind: 'sql_variant', baseType, value, ...extra });

const cases: [name: string, input: SqlVariant, payload: string, decodedAs?: SqlVariant][] = [
  ['tinyint', v('tinyint', 5), '30 00 05'],
  ['bit', v('bit', true), '32 00 01'],
  ['smallint', v('smallint', -2), '34 00 fe ff'],
  ['int', v('int', 1), '38 00 01 00 00 00'],
  ['bigint', v('bigint', 1n), '7f 00 01 00 00 00 00 00 00 00'],
  ['real', v('real', 1.5), '3b 00 00 00 c0 3f'],
  ['float', v('float', 1.5), '3e 00 00 00 00 00 00 00 f8 3f'],
  ['money', v('money', '1.0000'), '3c 00 00 00 00 00 10 27 00 00'],
  ['smallmoney', v('smallmoney', '-1.0000'), '7a 00 f0 d8 ff ff'],
  ['datetime', v('datetime', '1900-01-01 00:00:00.003'), '3d 00 00 00 00 00 01 00 00 00'],
  ['smalldatetime', v('smalldatetime', '1900-01-02 00:01:00'), '3a 00 01 00 01 00'],
  ['uniqueidentifier', v('uniqueidentifier', '00112233-4455-6677-8899-AABBCCDDEEFF'), '24 00 33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff'],
  // DacFx's reader takes the full 16-byte magnitude whatever the precision (TDS would use 4, 8 or 12).
  ['decimal (16-byte magnitude at precision 5)', v('decimal', '-1.23', { precision: 5, scale: 2 }), `6a 02 05 02 00 7b ${'00 '.repeat(15)}`],
  ['numeric (16-byte magnitude at precision 20)', v('numeric', '1', { precision: 20, scale: 0 }), `6c 02 14 00 01 01 ${'00 '.repeat(15)}`],
  ['decimal without precision takes the literal’s', v('decimal', '-12.50'), `6a 02 04 02 00 e2 04 ${'00 '.repeat(14)}`, v('decimal', '-12.50', { precision: 4, scale: 2 })],
  ['varbinary', v('varbinary', Buffer.from([1, 2])), 'a5 02 02 00 01 02', v('varbinary', Buffer.from([1, 2]), { maxLength: 2 })],
  ['binary padded to its length', v('binary', Buffer.from([1, 2]), { maxLength: 4 }), 'ad 02 04 00 01 02 00 00', v('binary', Buffer.from([1, 2, 0, 0]), { maxLength: 4 })],
  ['varchar in code page 1252', v('varchar', 'é€'), `a7 07 ${latin1General} 02 00 e9 80`, v('varchar', 'é€', { maxLength: 2, collation: hex(latin1General) })],
  ['char padded with spaces', v('char', 'ab', { maxLength: 4 }), `af 07 ${latin1General} 04 00 61 62 20 20`, v('char', 'ab  ', { maxLength: 4, collation: hex(latin1General) })],
  ['nvarchar as UTF-16', v('nvarchar', 'é\u{1F600}'), `e7 07 ${latin1General} 06 00 e9 00 3d d8 00 de`, v('nvarchar', 'é\u{1F600}', { maxLength: 6, collation: hex(latin1General) })],
  ['nchar padded with spaces', v('nchar', 'a', { maxLength: 4 }), `ef 07 ${latin1General} 04 00 61 00 20 00`, v('nchar', 'a ', { maxLength: 4, collation: hex(latin1General) })],
  ['date', v('date', '0001-01-01'), '28 00 00 00 00'],
  // DacFx's reader takes temporal variants at scale 7 (5 time bytes): the instant is kept, the declared scale is not.
  ['time(0) is written at scale 7', v('time', '00:00:01', { scale: 0 }), '29 01 07 80 96 98 00 00', v('time', '00:00:01.0000000', { scale: 7 })],
  ['time(3) is written at scale 7', v('time', '00:00:01.500', { scale: 3 }), '29 01 07 c0 e1 e4 00 00', v('time', '00:00:01.5000000', { scale: 7 })],
  ['time without scale is time(7)', v('time', '00:00:00.0000001'), '29 01 07 01 00 00 00 00', v('time', '00:00:00.0000001', { scale: 7 })],
  ['datetime2(7)', v('datetime2', '0001-01-01 00:00:00.0000001', { scale: 7 }), '2a 01 07 01 00 00 00 00 00 00 00'],
  ['datetimeoffset(2) in UTC plus offset, at scale 7', v('datetimeoffset', '0001-01-02 00:00:00.00 +01:00', { scale: 2 }), '2b 01 07 00 58 a5 c8 c0 00 00 00 3c 00', v('datetimeoffset', '0001-01-02 00:00:00.0000000 +01:00', { scale: 7 })],
];

for (const [name, input, payload, decodedAs] of cases) {
  test(`sql_variant ${name}`, () => {
    assert.equal(payloadOf(input), hex(payload).toString('hex'));
    assert.deepEqual(decoded(payload), decodedAs ?? input);
  });
}

test('sql_variant NULL is a zero length; a decoded variant re-encodes to the same bytes', () => {
  const encoder = createRowEncoder([column]);
  encoder.encode([null]);
  assert.equal(encoder.takeChunk().toString('hex'), '00000000');
  for (const [, , payload] of cases) assert.equal(payloadOf(decoded(payload) as SqlVariant), hex(payload).toString('hex'));
});

test('sql_variant varchar stores each code page 1252 character as its byte, and round-trips any mix of them', () => {
  // Bytes 0x80–0x9F as Windows maps them (the five unassigned bytes become the C1 control of the same number).
  const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  const text = Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b < 0xa0 ? high[b - 0x80] : String.fromCharCode(b))).join('');
  const payload = payloadOf(v('varchar', text));
  assert.equal(payload.slice(2 * 9), Buffer.from(Array.from({ length: 256 }, (_, b) => b)).toString('hex'));
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...text), maxLength: 40 }), (s) => {
      assert.deepEqual(decoded(payloadOf(v('varchar', s))), v('varchar', s, { maxLength: s.length, collation: hex(latin1General) }));
    }),
  );
});
