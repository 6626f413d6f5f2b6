/**
 * The conversion layer on its own, in process: the double's renderings of SQL Server's CONVERT output against
 * documented examples, and the reader's decoders applied to them give back every generated value.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlRow, SqlVariant } from '../../../src/core/bcp/values';
import { extendedPropertyLiteral } from '../../../src/core/catalog/extendedPropertyValue';
import { catalogQueries, queryNameOf } from '../../../src/core/catalog/queries';
import { comparisonStyleFromFlags, parseTdsCollation, tdsCollationBytes } from '../../../src/core/catalog/tdsCollation';
import { decodeSqlVariantText, encodeCommentName, planTableRead, tableOfDataQuery } from '../../../src/core/export/tableReader';
import { decodeColumns } from '../../../src/core/export/tableRowPump';
import { collationByName } from '../../support/tds/collation';
import { literalParts } from '../../support/tds/database/catalogQueries';
import {
  dateTime2Text, dateTimeOffsetText, dateTimeText, decimalText, smallDateTimeText, sqlVariantText, timeText,
} from '../../support/tds/database/convertedValues';
import { dataResultSet } from '../../support/tds/database/dataQuery';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { asReaderValue, readAsDriverMillis, temporalTextToMillis } from '../../support/driverTemporal';

describe('what the double prints for CONVERT', () => {
  it('matches documented style outputs', () => {
    assert.equal(dateTimeOffsetText('1997-12-31 14:53:00.123 +04:30', 3), '1997-12-31 14:53:00.123 +04:30');
    assert.equal(dateTime2Text('2007-05-08 12:35:29.1234567', 7), '2007-05-08 12:35:29.1234567');
    assert.equal(dateTime2Text('2007-05-08 12:35:29', 0), '2007-05-08 12:35:29');
    assert.equal(dateTime2Text('2007-05-08 12:35:29.5', 3), '2007-05-08 12:35:29.500');
    assert.equal(timeText('12:35:29.1234567', 7), '12:35:29.1234567');
    assert.equal(timeText('12:35:29', 2), '12:35:29.00');
    assert.equal(dateTimeText('2007-05-08 12:35:29.123'), '2007-05-08 12:35:29.123');
    assert.equal(dateTimeText('9999-12-31 23:59:59.997'), '9999-12-31 23:59:59.997');
    assert.equal(smallDateTimeText('2007-05-08 12:35:00'), '2007-05-08 12:35:00');
    assert.equal(decimalText('12.5', 2), '12.50');
    assert.equal(decimalText('-0.5', 2), '-0.50');
    assert.equal(decimalText('12', 0), '12');
    assert.equal(decimalText('1234.5', 4), '1234.5000');
  });
});

describe('collations of sql_variant values', () => {
  it('builds the 5 TDS bytes SQL Server sends', () => {
    // SQL_Latin1_General_CP1_CI_AS: LCID 1033, CI + kana/width insensitive, sort id 52 (spec §5.3: 09 04 D0 00 34)
    assert.deepEqual([...tdsCollationBytes('SQL_Latin1_General_CP1_CI_AS', 1033, 1 + 65536 + 131072, 0)], [0x09, 0x04, 0xd0, 0x00, 0x34]);
    for (const name of ['SQL_Latin1_General_CP1_CS_AS', 'Latin1_General_CI_AS', 'Latin1_General_CI_AI', 'Latin1_General_100_CI_AS', 'Latin1_General_100_CI_AS_SC_UTF8', 'Cyrillic_General_CI_AS']) {
      const expected = collationByName(name).bytes;
      const parts = parseTdsCollation(expected);
      assert.deepEqual(Buffer.from(tdsCollationBytes(name, parts.lcid, comparisonStyleFromFlags(parts.flags), parts.version)), expected, name);
    }
  });

  it('refuses SQL collations whose sort id it does not know', () => {
    assert.throws(() => tdsCollationBytes('SQL_Unknown_CP1_CI_AS', 1033, 1, 0), /sort id/);
  });
});

describe('extended property literals', () => {
  it('round-trips through the (base type, text) pair the query returns', () => {
    for (const literal of ["N'It''s 😀'", "'plain'", '42', '-7', '0.125', '0x00FF', 'NULL']) {
      const [type, text] = literalParts(literal);
      assert.equal(extendedPropertyLiteral(type, text), literal);
    }
  });

  it('writes other types as their text, since sp_addextendedproperty takes literals only', () => {
    assert.equal(extendedPropertyLiteral('datetime2', '2024-01-31 12:00:00.0000000'), "N'2024-01-31 12:00:00.0000000'");
    assert.equal(extendedPropertyLiteral('money', '12.5000'), "N'12.5000'");
  });
});

describe('queries', () => {
  it('every catalog query starts with its own name comment', () => {
    const names = new Set<string>();
    for (const [key, sql] of Object.entries(catalogQueries)) {
      const named = queryNameOf(sql);
      assert.ok(named, key);
      assert.match(named.name, /^cdb:catalog:[a-z-]+$/);
      assert.equal(named.version, 1);
      assert.ok(!names.has(named.name), `duplicate ${named.name}`);
      names.add(named.name);
    }
    assert.equal(names.size, Object.keys(catalogQueries).length);
  });

  it('data queries name their table so that no name can break out of the comment', () => {
    for (const name of ['Orders', 'we*/ird', "it's.a [table]", 'Ünïcode 😀', 'a%2Eb']) {
      const sql = `/* cdb:data v1 ${encodeCommentName('my.schema')}.${encodeCommentName(name)} */\nSELECT 1`;
      assert.ok(!sql.slice(2, sql.indexOf('\n') - 2).includes('*/'));
      assert.deepEqual(tableOfDataQuery(sql), { schema: 'my.schema', name });
    }
  });
});

describe('reader decoders over the double\'s converted values', () => {
  const db = createAllTypesDatabase({ rowsPerTable: 120, seed: 7 });

  for (const table of db.model.tables) {
    it(`give back every generated value of ${table.schema}.${table.name}`, () => {
      const plan = planTableRead(table, db.model);
      const served = dataResultSet(table, db.rows(table), plan.sql);
      assert.deepEqual(served.columns.map((c) => c.name), plan.columns.map((_, i) => `c${i}`));
      const expected = [...db.rows(table)];
      let i = 0;
      for (const raw of served.rows as Iterable<SqlRow>) {
        // tedious hands bigint over as text; the double's values are what goes on the wire
        // and date/datetime/smalldatetime as UTC Dates (the double sends them natively)
        const wire = raw.map((v, c) => (typeof v === 'bigint' ? v.toString() : readAsDriverMillis.has(plan.columns[c].column.type.base) && typeof v === 'string' ? new Date(temporalTextToMillis(v)) : v));
        assert.deepEqual(decodeColumns(plan, wire.map((value) => ({ value })), []), expected[i].map((v, c) => asReaderValue(plan.columns[c].column.type.base, v)), `row ${i}`);
        i++;
      }
      assert.equal(i, expected.length);
    });
  }

  it('keep sql_variant scale, precision, length and collation', () => {
    const latin = tdsCollationBytes('SQL_Latin1_General_CP1_CI_AS', 1033, 196609, 0);
    const cases: SqlVariant[] = [
      { kind: 'sql_variant', baseType: 'datetime2', value: '2024-01-01 10:00:00', scale: 0 },
      { kind: 'sql_variant', baseType: 'time', value: '10:00:00.12', scale: 2 },
      { kind: 'sql_variant', baseType: 'datetimeoffset', value: '2024-01-01 10:00:00.1234567 -03:30', scale: 7 },
      { kind: 'sql_variant', baseType: 'numeric', value: '-0.00100', precision: 6, scale: 5 },
      { kind: 'sql_variant', baseType: 'nchar', value: 'a|b|c', maxLength: 10, collation: latin },
      { kind: 'sql_variant', baseType: 'binary', value: Buffer.from([0, 1, 2]), maxLength: 3 },
      { kind: 'sql_variant', baseType: 'smallmoney', value: '-1.2500' },
      { kind: 'sql_variant', baseType: 'float', value: -2.2250738585072014e-308 },
      { kind: 'sql_variant', baseType: 'real', value: Math.fround(0.1) },
    ];
    for (const v of cases) assert.deepEqual(decodeSqlVariantText(sqlVariantText(v)), v);
  });
});
