import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseXml, XmlParseError } from '../../../src/core/package/simpleXml';
import { contentTypeOf, parseContentTypes, parseRelationships, renderContentTypes, renderRelationships } from '../../../src/core/package/packageDocuments';
import { formatOperationStart, normaliseObjectCounts, parseOriginXml, renderOriginXml } from '../../../src/core/package/originXml';

test('the XML reader decodes entities and CRLF, and refuses malformed documents and DTDs', () => {
  const el = parseXml('\ufeff<?xml version="1.0"?>\r\n<a x="1 &amp; &quot;2&quot;"><b>t &lt;&#65;&#x42;&gt;\r\nz</b><c/><!-- c --><d><![CDATA[<raw>]]></d></a>');
  assert.equal(el.attributes.x, '1 & "2"');
  assert.equal(el.children[0].text, 't <AB>\nz');
  assert.equal(el.children[2].text, '<raw>');
  for (const bad of ['<a><b></a>', '<a>', '<a x="1" x="2"/>', '<!DOCTYPE a><a/>', '<a/><b/>', 'text<a/>', '<a>&bogus;</a>', '<a>AT&T</a>', '']) {
    assert.throws(() => parseXml(bad), XmlParseError, bad);
  }
});

test('content types resolve by extension, case-insensitively, and overrides win', () => {
  const types = parseContentTypes(renderContentTypes(true));
  assert.equal(contentTypeOf(types, 'Data/dbo.T/TableData-000-00000.BCP'), 'application/octet-stream');
  assert.equal(contentTypeOf(types, 'Origin.xml'), 'text/xml');
  assert.equal(contentTypeOf(types, '_rels/.rels'), 'application/vnd.openxmlformats-package.relationships+xml');
  assert.equal(contentTypeOf(types, 'Data/x.bcp'), 'application/octet-stream');
  assert.equal(contentTypeOf(types, 'noext'), undefined);
  const dataless = parseContentTypes(renderContentTypes(false));
  assert.equal(contentTypeOf(dataless, 'Data/dbo.T/TableData-000-00000.BCP'), undefined);
  const withOverride = parseContentTypes('<Types><Default Extension="xml" ContentType="text/xml"/><Override PartName="/model.xml" ContentType="x/y"/></Types>');
  assert.equal(contentTypeOf(withOverride, 'model.xml'), 'x/y');
});

test('relationships round-trip with escaped names', () => {
  const rels = parseRelationships(renderRelationships([{ partName: 'Data/a.b/TableData-000-00000.BCP', schema: 'a&"', table: '<b>' }]));
  assert.deepEqual(
    rels.map((r) => [r.type, r.target]),
    [
      ['table=<b>', '/Data/a.b/TableData-000-00000.BCP'],
      ['schema=a&"', '/Data/a.b/TableData-000-00000.BCP'],
    ],
  );
});

test('object counts lose the Sql prefix, merge and sort ordinally', () => {
  assert.deepEqual(normaliseObjectCounts({ SqlTable: 2, Table: 1, SqlSimpleColumn: 4, Sqlx: 1, Index: 3 }), [
    ['Index', 3],
    ['SimpleColumn', 4],
    ['Sqlx', 1],
    ['Table', 3],
  ]);
});

test('Origin.xml refuses a checksum that is not 64 uppercase hex digits, and parses back what it renders', () => {
  const base = { serverVersionText: 'v', objectCounts: { Table: 1 }, totalRows: 5, modelSchemaVersion: '3.5', operationStart: new Date(), hasData: true, identity: 'id-1' };
  assert.throws(() => renderOriginXml({ ...base, modelChecksum: 'abc' }));
  assert.throws(() => renderOriginXml({ ...base, modelChecksum: 'a'.repeat(64) }));
  const o = parseOriginXml(renderOriginXml({ ...base, modelChecksum: 'A'.repeat(64) }));
  assert.equal(o.modelChecksum, 'A'.repeat(64));
  assert.equal(o.totalRows, 5);
  assert.equal(o.operation.identity, 'id-1');
  assert.deepEqual(o.objectCounts, { Table: 1 });
  assert.equal(o.containsExportedData, true);
  assert.throws(() => parseOriginXml('<NotOrigin/>'));
});

test('Start carries 7 fractional digits and the local UTC offset; DOS times are local', () => {
  // A child process with a fixed zone: winter in Chicago is UTC-06:00 (like fixture B's Start).
  const out = join(__dirname, '..', '..', '..', 'src', 'core', 'package');
  const script = `
    const { formatOperationStart } = require(${JSON.stringify(join(out, 'originXml.js'))});
    const { toDosDateTime } = require(${JSON.stringify(join(out, 'zipRecords.js'))});
    const d = new Date(Date.UTC(2025, 11, 10, 21, 51, 19, 468));
    const dos = toDosDateTime(d);
    console.log(formatOperationStart(d), (dos & 0xffff) >> 11);`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: 'America/Chicago' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '2025-12-10T15:51:19.4680000-06:00 15');
  assert.match(formatOperationStart(new Date()), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}[+-]\d\d:\d\d$/);
});
