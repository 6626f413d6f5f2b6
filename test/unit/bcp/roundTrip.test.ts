import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ColumnModel } from '../../../src/core/model/types';
import type { SqlValue, SqlVariant } from '../../../src/core/bcp/values';
import { createRowDecoder, createRowEncoder } from '../../../src/core/bcp';
import { col } from './helpers';

/**
 * Property round trips: canonical values of every type (edges included) encode and decode back unchanged,
 * in nullable and NOT NULL columns, and a whole row of mixed columns survives arbitrary chunking.
 * The expected texts come from formatters written here, independent of the codec's own.
 */

const numRuns = 100;

function roundTrips(column: ColumnModel, arb: fc.Arbitrary<SqlValue>, expected: (v: SqlValue) => SqlValue = (v) => v): void {
  for (const nullable of [true, false]) {
    const c = { ...column, nullable };
    const encoder = createRowEncoder([c]);
    const decoder = createRowDecoder([c]);
    const values = nullable ? fc.option(arb, { nil: null, freq: 5 }) : arb;
    fc.assert(
      fc.property(values, (v) => {
        encoder.encode([v]);
        const rows = decoder.decodeRows(encoder.takeChunk());
        assert.deepEqual(rows, [[v === null ? null : expected(v)]]);
      }),
      { numRuns },
    );
  }
}

// ---- independent formatters ----

const pad = (n: number | bigint, w: number) => String(n).padStart(w, '0');
const msPerDay = 86_400_000;
const epochDay = 719_162; // days from 0001-01-01 to 1970-01-01

function dayText(day: number): string {
  return new Date((day - epochDay) * msPerDay).toISOString().slice(0, 10);
}
function timeText(units: number, scale: number): string {
  const s = Math.floor(units / 1e7);
  const hms = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  return scale === 0 ? hms : `${hms}.${pad(units % 1e7, 7).slice(0, scale)}`;
}
function scaledText(v: bigint, scale: number): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return neg ? `-${text}` : text;
}
function offsetText(m: number): string {
  return `${m < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(m) / 60), 2)}:${pad(Math.abs(m) % 60, 2)}`;
}

const lastDay = 3_652_058;
const dayArb = fc.oneof(fc.constantFrom(0, lastDay), fc.integer({ min: 0, max: lastDay }));
const unitsArb = (scale: number) =>
  fc.oneof(fc.constantFrom(0, 863_999_999_999), fc.integer({ min: 0, max: 863_999_999_999 })).map((u) => u - (u % 10 ** (7 - scale)));

// Strings with surrogate pairs, lone surrogates, spaces and the empty string.
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.constantFrom('a', ' ', '£', '\u{1F600}', '\uD800', 'é', '\u0000'), maxLength }),
    fc.constant(''),
  ).filter((s) => s.length <= maxLength);

const bytesArb = (maxLength: number) => fc.uint8Array({ maxLength }).map((u) => Buffer.from(u));

test('integers and bit round-trip, extremes included', () => {
  roundTrips(col('bit'), fc.boolean());
  roundTrips(col('tinyint'), fc.oneof(fc.constantFrom(0, 255), fc.integer({ min: 0, max: 255 })));
  roundTrips(col('smallint'), fc.oneof(fc.constantFrom(-32768, 32767), fc.integer({ min: -32768, max: 32767 })));
  roundTrips(col('int'), fc.oneof(fc.constantFrom(-2147483648, 2147483647), fc.integer()));
  roundTrips(col('bigint'), fc.oneof(fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })));
});

test('real and float round-trip (real as float32 values)', () => {
  roundTrips(col('real'), fc.float({ noNaN: true, noDefaultInfinity: true }));
  roundTrips(col('float'), fc.double({ noNaN: true, noDefaultInfinity: true }));
});

test('decimal/numeric round-trip at every shape, negative and 38-digit values included', () => {
  for (const [p, s] of [[1, 0], [4, 2], [9, 9], [15, 5], [18, 0], [18, 18], [19, 4], [28, 10], [38, 0], [38, 38], [38, 6]]) {
    const max = 10n ** BigInt(p) - 1n;
    const arb = fc.oneof(fc.constantFrom(max, -max, 0n, 1n, -1n), fc.bigInt({ min: -max, max })).map((v) => scaledText(v, s));
    roundTrips(col(p % 2 ? 'decimal' : 'numeric', { precision: p, scale: s }), arb);
  }
});

test('money and smallmoney round-trip across their whole range', () => {
  const moneyMax = 2n ** 63n - 1n;
  roundTrips(col('money'), fc.oneof(fc.constantFrom(-(2n ** 63n), moneyMax, 0n), fc.bigInt({ min: -(2n ** 63n), max: moneyMax })).map((v) => scaledText(v, 4)));
  roundTrips(col('smallmoney'), fc.oneof(fc.constantFrom(-2147483648, 2147483647), fc.integer()).map((v) => scaledText(BigInt(v), 4)));
});

test('date, time(0–7), datetime2(0–7) and datetimeoffset(0–7) round-trip, 0001-01-01 and 9999-12-31 included', () => {
  roundTrips(col('date'), dayArb.map(dayText));
  for (let scale = 0; scale <= 7; scale++) {
    roundTrips(col('time', { scale }), unitsArb(scale).map((u) => timeText(u, scale)));
    roundTrips(col('datetime2', { scale }), fc.tuple(dayArb, unitsArb(scale)).map(([d, u]) => `${dayText(d)} ${timeText(u, scale)}`));
    // Local date-times one day inside the range, so any offset keeps UTC inside it too.
    const localDay = fc.integer({ min: 1, max: lastDay - 1 });
    const offset = fc.oneof(fc.constantFrom(-840, 0, 840), fc.integer({ min: -840, max: 840 }));
    roundTrips(
      col('datetimeoffset', { scale }),
      fc.tuple(localDay, unitsArb(scale), offset).map(([d, u, o]) => `${dayText(d)} ${timeText(u, scale)} ${offsetText(o)}`),
    );
  }
  roundTrips(col('datetimeoffset', { scale: 7 }), fc.constantFrom('0001-01-01 00:00:00.0000000 +00:00', '9999-12-31 23:59:59.9999999 +00:00'));
});

test('datetime and smalldatetime round-trip their canonical forms', () => {
  const datetimeTicks = fc.oneof(fc.constantFrom(0, 25_919_999), fc.integer({ min: 0, max: 25_919_999 }));
  const datetimeDay = fc.oneof(fc.constantFrom(639_905, lastDay), fc.integer({ min: 639_905, max: lastDay }));
  roundTrips(
    col('datetime'),
    fc.tuple(datetimeDay, datetimeTicks).map(([d, t]) => {
      const ms = Math.round((t * 10) / 3);
      return `${dayText(d)} ${timeText(Math.floor(ms / 1000) * 1e7, 0)}.${pad(ms % 1000, 3)}`;
    }),
  );
  roundTrips(
    col('smalldatetime'),
    fc.tuple(fc.integer({ min: 0, max: 65_535 }), fc.integer({ min: 0, max: 1439 })).map(([d, m]) => `${dayText(693_595 + d)} ${timeText(m * 600_000_000, 0)}`),
  );
});

test('uniqueidentifier round-trips (decoded uppercase)', () => {
  roundTrips(col('uniqueidentifier'), fc.uuid(), (v) => (v as string).toUpperCase());
});

test('character types round-trip UTF-16 text with surrogate pairs, lone surrogates and empty strings', () => {
  for (const n of [1, 4, 10]) {
    roundTrips(col('char', { length: n }), anyText(n), (v) => (v as string).padEnd(n, ' '));
    roundTrips(col('nchar', { length: n }), anyText(n), (v) => (v as string).padEnd(n, ' '));
    roundTrips(col('varchar', { length: n }), anyText(n));
    roundTrips(col('nvarchar', { length: n }), anyText(n));
  }
  roundTrips(col('varchar', { isMax: true }), anyText(1000));
  roundTrips(col('nvarchar', { isMax: true }), anyText(1000));
  roundTrips(col('text'), anyText(200));
  roundTrips(col('ntext'), anyText(200));
  roundTrips(col('xml'), anyText(200));
});

test('binary types and CLR types round-trip, empty values included', () => {
  for (const n of [1, 8, 50]) {
    roundTrips(col('binary', { length: n }), bytesArb(n), (v) => Buffer.concat([v as Buffer, Buffer.alloc(n - (v as Buffer).length)]));
    roundTrips(col('varbinary', { length: n }), bytesArb(n));
  }
  roundTrips(col('varbinary', { isMax: true }), bytesArb(2000));
  roundTrips(col('image'), bytesArb(300));
  roundTrips(col('rowversion'), fc.uint8Array({ minLength: 8, maxLength: 8 }).map((u) => Buffer.from(u)));
  for (const clr of ['geography', 'geometry', 'hierarchyid'] as const) roundTrips(col(clr), bytesArb(100));
});

test('a row of every type survives any chunking of a multi-row stream', () => {
  const columns: ColumnModel[] = [
    col('int', {}, false), col('bit'), col('decimal', { precision: 10, scale: 3 }), col('nvarchar', { length: 20 }),
    col('char', { length: 3 }, false), col('datetimeoffset', { scale: 3 }), col('varbinary', { isMax: true }), col('sql_variant'),
  ];
  const rowArb = fc.tuple(
    fc.integer(),
    fc.option(fc.boolean(), { nil: null }),
    fc.option(fc.bigInt({ min: -(10n ** 10n) + 1n, max: 10n ** 10n - 1n }).map((v) => scaledText(v, 3)), { nil: null }),
    fc.option(anyText(20), { nil: null }),
    anyText(3).map((s) => s.padEnd(3, ' ')),
    fc.option(fc.constantFrom('2020-02-29 12:00:00.123 +05:30', '0001-01-01 14:00:00.000 +14:00'), { nil: null }),
    fc.option(bytesArb(40), { nil: null }),
    fc.option(fc.integer().map((value): SqlValue => ({ kind: 'sql_variant', baseType: 'int', value })), { nil: null }),
  );
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }), (rows, cuts) => {
      const encoder = createRowEncoder(columns);
      for (const row of rows) encoder.encode(row);
      const bytes = encoder.takeChunk();
      const decoder = createRowDecoder(columns);
      const streamed: SqlValue[][] = [];
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const size = cuts[i % cuts.length];
        streamed.push(...decoder.push(bytes.subarray(at, at + size)));
        at += size;
      }
      decoder.end();
      assert.deepEqual(streamed, rows);
      assert.deepEqual(decoder.decodeRows(bytes), rows);
    }),
    { numRuns: 100 },
  );
});

test('sql_variant round-trips canonical values of every supported base type', () => {
  const collation = Buffer.from('0904d00034', 'hex');
  const cp1252Text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '£', 'é', '€', 'Ÿ', '\u0081'), maxLength: 30 });
  const variant = (baseType: SqlVariant['baseType'], value: SqlVariant['value'], extra: Partial<SqlVariant> = {}): SqlVariant => ({ kind: 'sql_variant', baseType, value, ...extra });
  const datetimeValue = fc.tuple(fc.integer({ min: 639_905, max: lastDay }), fc.integer({ min: 0, max: 25_919_999 })).map(([d, t]) => {
    const ms = Math.round((t * 10) / 3);
    return `${dayText(d)} ${timeText(Math.floor(ms / 1000) * 1e7, 0)}.${pad(ms % 1000, 3)}`;
  });
  const arbs: fc.Arbitrary<[SqlVariant, SqlVariant]>[] = [
    fc.integer({ min: 0, max: 255 }).map((n) => variant('tinyint', n)),
    fc.integer({ min: -32768, max: 32767 }).map((n) => variant('smallint', n)),
    fc.integer().map((n) => variant('int', n)),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => variant('bigint', n)),
    fc.boolean().map((b) => variant('bit', b)),
    fc.float({ noNaN: true, noDefaultInfinity: true }).map((n) => variant('real', n)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => variant('float', n)),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => variant('money', scaledText(n, 4))),
    fc.integer().map((n) => variant('smallmoney', scaledText(BigInt(n), 4))),
    datetimeValue.map((t) => variant('datetime', t)),
    fc.tuple(fc.integer({ min: 0, max: 65_535 }), fc.integer({ min: 0, max: 1439 })).map(([d, m]) => variant('smalldatetime', `${dayText(693_595 + d)} ${timeText(m * 600_000_000, 0)}`)),
    fc.uuid().map((u) => variant('uniqueidentifier', u.toUpperCase())),
    dayArb.map((d) => variant('date', dayText(d))),
  ].map((arb) => arb.map((x): [SqlVariant, SqlVariant] => [x, x]));
  arbs.push(
    fc.tuple(fc.integer({ min: 1, max: 38 }), fc.integer({ min: 0, max: 38 }), fc.bigInt({ min: 0n, max: 10n ** 38n - 1n }), fc.boolean()).map(([p, s0, m, neg]) => {
      const s = Math.min(s0, p);
      const magnitude = m % 10n ** BigInt(p);
      const x = variant(neg ? 'decimal' : 'numeric', scaledText(neg ? -magnitude : magnitude, s), { precision: p, scale: s });
      return [x, x];
    }),
    fc.tuple(bytesArb(30), fc.integer({ min: 0, max: 10 }), fc.boolean()).map(([b, extra, fixed]): [SqlVariant, SqlVariant] => {
      const maxLength = b.length + extra;
      return fixed
        ? [variant('binary', b, { maxLength }), variant('binary', Buffer.concat([b, Buffer.alloc(extra)]), { maxLength })]
        : [variant('varbinary', b, { maxLength }), variant('varbinary', b, { maxLength: b.length })];
    }),
    fc.tuple(cp1252Text, fc.integer({ min: 0, max: 10 }), fc.boolean()).map(([t, extra, fixed]): [SqlVariant, SqlVariant] => {
      const maxLength = t.length + extra;
      return fixed
        ? [variant('char', t, { maxLength }), variant('char', t.padEnd(maxLength, ' '), { maxLength, collation })]
        : [variant('varchar', t, { maxLength }), variant('varchar', t, { maxLength: t.length, collation })];
    }),
    fc.tuple(anyText(30), fc.integer({ min: 0, max: 10 }), fc.boolean()).map(([t, extra, fixed]): [SqlVariant, SqlVariant] => {
      const maxLength = 2 * (t.length + extra);
      return fixed
        ? [variant('nchar', t, { maxLength }), variant('nchar', t.padEnd(t.length + extra, ' '), { maxLength, collation })]
        : [variant('nvarchar', t, { maxLength }), variant('nvarchar', t, { maxLength: 2 * t.length, collation })];
    }),
    // DacFx keeps temporal variants at scale 7: the same instant comes back with seven fractional digits.
    fc.integer({ min: 0, max: 7 }).chain((scale) =>
      fc.oneof(
        unitsArb(scale).map((u): [SqlVariant, SqlVariant] => [variant('time', timeText(u, scale), { scale }), variant('time', timeText(u, 7), { scale: 7 })]),
        fc.tuple(dayArb, unitsArb(scale)).map(([d, u]): [SqlVariant, SqlVariant] => [
          variant('datetime2', `${dayText(d)} ${timeText(u, scale)}`, { scale }),
          variant('datetime2', `${dayText(d)} ${timeText(u, 7)}`, { scale: 7 }),
        ]),
        fc.tuple(fc.integer({ min: 1, max: lastDay - 1 }), unitsArb(scale), fc.integer({ min: -840, max: 840 })).map(([d, u, o]): [SqlVariant, SqlVariant] => [
          variant('datetimeoffset', `${dayText(d)} ${timeText(u, scale)} ${offsetText(o)}`, { scale }),
          variant('datetimeoffset', `${dayText(d)} ${timeText(u, 7)} ${offsetText(o)}`, { scale: 7 }),
        ]),
      ),
    ),
  );
  const c = col('sql_variant');
  const encoder = createRowEncoder([c]);
  const decoder = createRowDecoder([c]);
  fc.assert(
    fc.property(fc.oneof(...arbs), ([input, expected]) => {
      encoder.encode([input]);
      assert.deepEqual(decoder.decodeRows(encoder.takeChunk()), [[expected]]);
    }),
    { numRuns: 500 },
  );
});
