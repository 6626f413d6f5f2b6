import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dataFolderName, dataPartName, parsePartName, partIndexToRangeAndFile } from '../../../src/core/package/partNames';
import { BackupError } from '../../../src/core/errors';

test('plain names, zero-padded indexes, uppercase BCP (§2.6)', () => {
  assert.equal(dataPartName('dbo', 'umbracoNode', 0, 0), 'Data/dbo.umbracoNode/TableData-000-00000.BCP');
  assert.equal(dataPartName('SalesLT', 'Address', 1, 42), 'Data/SalesLT.Address/TableData-001-00042.BCP');
  assert.equal(dataPartName('dbo', '__EFMigrationsHistory', 0, 99999), 'Data/dbo.__EFMigrationsHistory/TableData-000-99999.BCP');
});

/** .NET's Uri.EscapeDataString, which DacFx uses to find a table's parts: encodeURIComponent also escapes `!'()*`. */
function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

test('everything outside unreserved is percent-encoded as UTF-8 with uppercase hex, as Uri.EscapeDataString does', () => {
  assert.equal(dataPartName('dbo', 'a b', 0, 0), 'Data/dbo.a%20b/TableData-000-00000.BCP');
  assert.equal(dataPartName('dbo', '[x]', 0, 0), 'Data/dbo.%5Bx%5D/TableData-000-00000.BCP');
  assert.equal(dataPartName('dbo', 'café', 0, 0), 'Data/dbo.caf%C3%A9/TableData-000-00000.BCP');
  assert.equal(dataPartName('dbo', '100%', 0, 0), 'Data/dbo.100%25/TableData-000-00000.BCP');
  assert.equal(dataPartName('dbo', 'a#b?c"d', 0, 0), 'Data/dbo.a%23b%3Fc%22d/TableData-000-00000.BCP');
  assert.equal(dataPartName('dbo', '表😀', 0, 0), 'Data/dbo.%E8%A1%A8%F0%9F%98%80/TableData-000-00000.BCP');
  assert.equal(dataPartName('dbo', 'a-b_c.d~e', 0, 0), 'Data/dbo.a-b_c.d~e/TableData-000-00000.BCP');
});

test('regression: ( ) ! * \' and the other sub-delims are escaped, or DacFx import silently skips the rows', () => {
  // DacFx looks for `/Data/{EscapeDataString(schema)}.{EscapeDataString(table)}/TableData-`; a raw `(` never matches.
  assert.equal(dataPartName('dbo', "x(1)!*'", 0, 0), 'Data/dbo.x%281%29%21%2A%27/TableData-000-00000.BCP');
  assert.equal(dataPartName('a$b', '&+,;=:@', 0, 0), 'Data/a%24b.%26%2B%2C%3B%3D%3A%40/TableData-000-00000.BCP');
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }), (schema, table) => {
      let folder: string;
      try {
        folder = dataFolderName(schema, table);
      } catch (e) {
        assert.ok(e instanceof BackupError && e.kind === 'unsupported');
        return;
      }
      assert.equal(folder, `${escapeDataString(schema)}.${escapeDataString(table)}`);
    }),
  );
});

test('parsePartName reads raw pchar from other writers but refuses what no URI path can carry', () => {
  assert.deepEqual(parsePartName("Data/dbo.x(1)!*'/TableData-000-00000.BCP")?.table, "x(1)!*'");
  assert.equal(parsePartName('Data/dbo.x%281%29/TableData-000-00000.BCP')?.table, 'x(1)');
  // A schema that starts with '.' (fast-check found it): the first character always belongs to the schema.
  assert.deepEqual(parsePartName(dataPartName('. ', ' ', 0, 0)), { folder: '. . ', schema: '. ', table: ' ', range: 0, file: 0 });
  // System.IO.Packaging does not expose these entries as parts: DacFx never sees their rows.
  for (const n of ['Data/dbo.a b/TableData-000-00000.BCP', 'Data/dbo.a[b]/TableData-000-00000.BCP', 'Data/dbo.café/TableData-000-00000.BCP']) {
    assert.equal(parsePartName(n), undefined, n);
  }
});

test('names an OPC part cannot carry are refused with BackupError unsupported that names the table', () => {
  for (const [schema, table] of [
    ['dbo', 'a/b'],
    ['dbo', 'a\\b'],
    ['dbo', 'line\nbreak'],
    ['dbo', 'nul\u0000'],
    ['dbo', 'c1\u0085'],
    ['dbo', 'ends.'],
    ['dbo', 'lone\ud800'],
    ['dbo', ''],
    ['', 'T'],
  ]) {
    assert.throws(
      () => dataPartName(schema, table, 0, 0),
      (e: unknown) => e instanceof BackupError && e.kind === 'unsupported' && e.message.includes(`[${schema}].[${table}]`),
      JSON.stringify([schema, table]),
    );
  }
  assert.throws(() => dataPartName('dbo', 'T', 1000, 0), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  assert.throws(() => dataPartName('dbo', 'T', 0, 100000), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
});

test('parsePartName inverts dataPartName for every name without a dot in the schema', () => {
  const nameChar = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }));
  fc.assert(
    fc.property(nameChar, nameChar, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99999 }), (schema, table, range, file) => {
      let name: string;
      try {
        name = dataPartName(schema, table, range, file);
      } catch (e) {
        assert.ok(e instanceof BackupError && e.kind === 'unsupported');
        return;
      }
      assert.match(name, /^[\x21-\x7e]+$/, 'part names are printable ASCII without spaces');
      const parsed = parsePartName(name);
      assert.ok(parsed);
      assert.equal(parsed.folder, `${schema}.${table}`);
      assert.equal(parsed.range, range);
      assert.equal(parsed.file, file);
      if (!schema.includes('.')) assert.deepEqual([parsed.schema, parsed.table], [schema, table]);
      assert.deepEqual(parsePartName('/' + name), parsed);
    }),
  );
});

test('parsePartName rejects what is not a BCP part name', () => {
  for (const n of [
    'model.xml',
    'Data/dbo.T/TableData-000-00000.bcp',
    'Data/dbo.T/TableData-0-0.BCP',
    'Data/dboT/TableData-000-00000.BCP',
    'Data/dbo.T/x/TableData-000-00000.BCP',
    'Data/dbo.%ZZ/TableData-000-00000.BCP',
    'Data/dbo.%C3/TableData-000-00000.BCP',
  ]) {
    assert.equal(parsePartName(n), undefined, n);
  }
  assert.deepEqual(parsePartName('Data/SalesLT.Address/TableData-001-00002.BCP'), { folder: 'SalesLT.Address', schema: 'SalesLT', table: 'Address', range: 1, file: 2 });
});

test('part index rolls over into the next range after file 99999', () => {
  assert.deepEqual(partIndexToRangeAndFile(0), { range: 0, file: 0 });
  assert.deepEqual(partIndexToRangeAndFile(99999), { range: 0, file: 99999 });
  assert.deepEqual(partIndexToRangeAndFile(100000), { range: 1, file: 0 });
  assert.deepEqual(partIndexToRangeAndFile(250001), { range: 2, file: 50001 });
  assert.throws(() => partIndexToRangeAndFile(-1), BackupError);
});
