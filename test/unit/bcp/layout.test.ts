import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlBaseType, SqlType } from '../../../src/core/model/types';
import { bcpColumns, bcpFixedWidth, bcpPrefixWidth } from '../../../src/core/bcp';

/** Spec §5.3 prefix table, written out by hand: [type, prefix NOT NULL, prefix NULL, fixed payload when NOT NULL]. */
const table: [SqlBaseType, Omit<SqlType, 'base'>, number, number, number | undefined][] = [
  ['bit', {}, 1, 1, undefined],
  ['tinyint', {}, 0, 1, 1],
  ['smallint', {}, 0, 1, 2],
  ['int', {}, 0, 1, 4],
  ['bigint', {}, 0, 1, 8],
  ['real', {}, 0, 1, 4],
  ['float', {}, 0, 1, 8],
  ['decimal', { precision: 38, scale: 2 }, 1, 1, undefined],
  ['numeric', { precision: 5, scale: 0 }, 1, 1, undefined],
  ['money', {}, 0, 1, 8],
  ['smallmoney', {}, 0, 1, 4],
  ['date', {}, 0, 1, 3],
  ['time', { scale: 0 }, 0, 1, 5],
  ['datetime2', { scale: 3 }, 0, 1, 8],
  ['datetimeoffset', { scale: 7 }, 0, 1, 10],
  ['datetime', {}, 0, 1, 8],
  ['smalldatetime', {}, 0, 1, 4],
  ['uniqueidentifier', {}, 1, 1, undefined],
  ['char', { length: 4 }, 0, 2, 8],
  ['char', { length: 1 }, 0, 2, 2],
  ['varchar', { length: 50 }, 2, 2, undefined],
  ['varchar', { isMax: true }, 8, 8, undefined],
  ['nchar', { length: 6 }, 2, 2, undefined],
  ['nvarchar', { length: 50 }, 2, 2, undefined],
  ['nvarchar', { isMax: true }, 8, 8, undefined],
  ['text', {}, 4, 4, undefined],
  ['ntext', {}, 4, 4, undefined],
  ['xml', {}, 8, 8, undefined],
  ['binary', { length: 16 }, 2, 2, undefined],
  ['varbinary', { length: 16 }, 2, 2, undefined],
  ['varbinary', { isMax: true }, 8, 8, undefined],
  ['image', {}, 4, 4, undefined],
  ['rowversion', {}, 2, 2, undefined],
  ['geography', {}, 8, 8, undefined],
  ['geometry', {}, 8, 8, undefined],
  ['hierarchyid', {}, 8, 8, undefined],
  ['sql_variant', {}, 4, 4, undefined],
];

for (const [base, rest, notNull, nullable, fixed] of table) {
  test(`layout of ${base} ${JSON.stringify(rest)}`, () => {
    const type = { base, ...rest };
    assert.equal(bcpPrefixWidth({ type, nullable: false }), notNull);
    assert.equal(bcpPrefixWidth({ type, nullable: true }), nullable);
    assert.equal(bcpFixedWidth({ type, nullable: false }), fixed);
    assert.equal(bcpFixedWidth({ type, nullable: true }), undefined);
  });
}

test('computed columns have no fields', () => {
  const columns = [
    { name: 'A', type: { base: 'int' as const }, nullable: false },
    { name: 'B', type: { base: 'int' as const }, nullable: true, computed: { expression: '([A]*(2))', persisted: false } },
    { name: 'C', type: { base: 'int' as const }, nullable: true },
  ];
  assert.deepEqual(bcpColumns(columns).map((c) => c.name), ['A', 'C']);
});
