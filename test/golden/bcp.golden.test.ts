import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ColumnModel, SqlBaseType, SqlType } from '../../src/core/model/types';
import type { SqlValue, SqlVariant } from '../../src/core/bcp/values';
import { createRowDecoder, createRowEncoder, bcpPrefixWidth, bcpFixedWidth } from '../../src/core/bcp';
import { ByteSink } from '../../src/core/bcp/byteSink';
import { writeSqlVariantPayload } from '../../src/core/bcp/sqlVariantCodec';
import { readZipEntries } from '../support/readZipEntries';
import { sharedPath, skipUnlessShared } from '../support/sharedFixtures';

/**
 * Golden test against real DacFx packages: every BCP part decodes to the reference decoder's values
 * (expected/*.decoded.json) and re-encodes to the identical bytes.
 */

interface ExpectedColumn {
  name: string;
  type: SqlBaseType;
  nullable: boolean;
  bcp: { prefixBytes: number; fixedBytes?: number };
}
interface ExpectedTable {
  table: string;
  columns: ExpectedColumn[];
  parts: { part: string; rows: number; bytes: number }[];
  rowCount: number;
  rows: (string | null)[][];
}
interface ExpectedPackage {
  source: string;
  note: string;
  tables: ExpectedTable[];
  totalRows: number;
}

const fixtures = ['bacpactod-kitchen-sink', 'adventureworkslt2025', 'saptable-adf-starter-db'];

for (const fixture of fixtures) {
  const expectedPath = ['fixtures', 'peer-bacpacs', 'expected', `${fixture}.decoded.json`];
  const skip = skipUnlessShared(...expectedPath);
  test(`BCP golden: ${fixture} decodes to the expected rows and re-encodes byte-identically`, { skip }, () => {
    const expected = JSON.parse(readFileSync(sharedPath(...expectedPath), 'utf8')) as ExpectedPackage;
    const entries = new Map(readZipEntries(sharedPath('fixtures', 'peer-bacpacs', expected.source)).map((e) => [e.name, e.data]));
    const modelBytes = entries.get('model.xml');
    assert.ok(modelBytes, 'model.xml is in the package');
    const modelXml: string = modelBytes.toString('utf8');
    // Values are cut for display in some files ("values cut at 80 chars").
    const cut = Number(/cut at (\d+) char/.exec(expected.note)?.[1] ?? Infinity);

    let totalRows = 0;
    let partsChecked = 0;
    for (const table of expected.tables) {
      const columns = table.columns.map((c) => columnFromModel(modelXml, table.table, c));
      for (const [i, c] of table.columns.entries()) {
        assert.equal(bcpPrefixWidth(columns[i]), c.bcp.prefixBytes, `${table.table}.${c.name} prefix width`);
        assert.equal(bcpFixedWidth(columns[i]), c.bcp.fixedBytes, `${table.table}.${c.name} fixed width`);
      }
      const decoder = createRowDecoder(columns, { table: table.table });
      const decodedRows: SqlValue[][] = [];
      for (const part of table.parts) {
        const bytes = entries.get(part.part);
        assert.ok(bytes, `${part.part} is in the package`);
        assert.equal(bytes.length, part.bytes, `${part.part} size`);
        const rows = decoder.decodeRows(bytes);
        assert.equal(rows.length, part.rows, `${part.part} row count`);

        // The streaming form gives the same rows whatever the chunk boundaries are.
        for (const chunkSize of [1, 7, 4096]) {
          if (bytes.length > chunkSize * 4096) continue; // tiny chunks over big parts only cost time
          const streamed: SqlValue[][] = [];
          for (let at = 0; at < bytes.length; at += chunkSize) streamed.push(...decoder.push(bytes.subarray(at, at + chunkSize)));
          decoder.end();
          assert.deepEqual(streamed, rows, `${part.part} streamed in ${chunkSize}-byte chunks`);
        }

        const encoder = createRowEncoder(columns, { table: table.table });
        for (const row of rows) encoder.encode(row);
        const reencoded = encoder.takeChunk();
        assert.ok(reencoded.equals(bytes), `${part.part} re-encodes byte-identically (first difference at ${firstDifference(reencoded, bytes)})`);
        decodedRows.push(...rows);
        partsChecked++;
      }
      assert.equal(decodedRows.length, table.rowCount, `${table.table} row count`);
      assert.ok(table.rows.length > 0 || table.rowCount === 0);
      for (const [r, expectedRow] of table.rows.entries()) {
        const shown = decodedRows[r].map((v, i) => cutDisplay(displayValue(v, columns[i]), cut));
        assert.deepEqual(shown, expectedRow, `${table.table} row ${r + 1}`);
      }
      totalRows += decodedRows.length;
    }
    assert.equal(totalRows, expected.totalRows);
    assert.ok(partsChecked > 0);
  });
}

// ---- building columns from the JSON types and model.xml's type specifiers ----

function columnFromModel(modelXml: string, table: string, c: ExpectedColumn): ColumnModel {
  const columnName = `${table}.[${c.name.replace(/]/g, ']]')}]`;
  const start = modelXml.indexOf(`<Element Type="SqlSimpleColumn" Name="${columnName}">`);
  assert.ok(start >= 0, `model.xml has column ${columnName}`);
  const specifier = /<Element Type="Sql(?:Xml)?TypeSpecifier">([\s\S]*?)<Relationship Name="Type">\s*<Entry>\s*<References (ExternalSource="BuiltIns" )?Name="([^"]+)"/.exec(
    modelXml.slice(start),
  );
  assert.ok(specifier, `type specifier of ${columnName}`);
  let properties = specifier[1];
  if (!specifier[2]) {
    // An alias type: its length/precision/scale live on the SqlUserDefinedDataType element.
    const uddt = new RegExp(`<Element Type="SqlUserDefinedDataType" Name="${escapeRegExp(specifier[3])}">([\\s\\S]*?)</Element>`).exec(modelXml);
    assert.ok(uddt, `model.xml defines ${specifier[3]}`);
    properties = uddt[1];
  }
  const prop = (name: string) => /Value="([^"]*)"/.exec(new RegExp(`<Property Name="${name}" Value="[^"]*"`).exec(properties)?.[0] ?? '')?.[1];
  const type: SqlType = { base: c.type };
  if (prop('IsMax') === 'True') type.isMax = true;
  const length = prop('Length');
  if (length) type.length = Number(length);
  const precision = prop('Precision');
  const scale = prop('Scale');
  if (c.type === 'decimal' || c.type === 'numeric') {
    type.precision = Number(precision ?? 18);
    type.scale = Number(scale ?? 0);
  } else if (c.type === 'time' || c.type === 'datetime2' || c.type === 'datetimeoffset') {
    type.scale = Number(scale ?? 0); // DacFx leaves Scale out for scale 0
  }
  if ((c.type === 'char' || c.type === 'nchar' || c.type === 'binary') && type.length === undefined) type.length = 1;
  return { name: c.name, type, nullable: c.nullable };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---- the reference decoder's display conventions ----

function displayValue(value: SqlValue, column: ColumnModel): string | null {
  if (value === null) return null;
  switch (column.type.base) {
    case 'bit':
      return value ? '1' : '0';
    case 'real':
    case 'float':
      return pythonFloatRepr(value as number);
    case 'sql_variant': {
      const sink = new ByteSink(64);
      writeSqlVariantPayload(sink, value as SqlVariant);
      return `VARIANT:${sink.take().toString('hex')}`;
    }
    default:
      if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex').toUpperCase()}`;
      return String(value);
  }
}

function cutDisplay(text: string | null, cut: number): string | null {
  return text !== null && text.length > cut ? `${text.slice(0, cut)}...` : text;
}

/** Python's repr() of a double: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
function pythonFloatRepr(x: number): string {
  const [mantissa, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let body: string;
  if (exponent >= -4 && exponent < 16) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      body = `${whole}.${digits.slice(exponent + 1) || '0'}`;
    } else {
      body = `0.${'0'.repeat(-exponent - 1)}${digits}`;
    }
  } else {
    const rest = digits.length > 1 ? `.${digits.slice(1)}` : '';
    body = `${digits[0]}${rest}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return negative ? `-${body}` : body;
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
