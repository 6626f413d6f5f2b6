import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeModelXml } from '../../../src/core/model/modelXmlWriter';
import { parseModelXml } from '../../../src/core/model/modelXmlParser';
import { validateModelReferences } from '../../../src/core/model/modelReferences';
import { dspNameFor } from '../../../src/core/model/platform';
import { BackupError } from '../../../src/core/errors';
import type { DatabaseModel } from '../../../src/core/model/types';
import { sampleModel } from './sampleModel';

const text = (m: DatabaseModel): string => writeModelXml(m).xml.toString('utf8');

/** The lines of the element named `name` (from its start tag to its end tag at the same indentation). */
function elementLines(xml: string, name: string): string[] {
  const lines = xml.split('\r\n');
  const start = lines.findIndex((l) => l.includes(` Name="${name}"`) && l.includes('<Element'));
  assert.ok(start >= 0, `element ${name} is written`);
  const indent = /^\t*/.exec(lines[start])?.[0] ?? '';
  if (lines[start].endsWith('/>')) return [lines[start]];
  const end = lines.findIndex((l, i) => i > start && l === `${indent}</Element>`);
  return lines.slice(start, end + 1);
}

test('file format: UTF-8 without BOM, declaration, CRLF only, tab indentation, no trailing newline', () => {
  const { xml } = writeModelXml(sampleModel());
  assert.notDeepEqual([...xml.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const s = xml.toString('utf8');
  assert.ok(s.startsWith('<?xml version="1.0" encoding="utf-8"?>\r\n<DataSchemaModel FileFormatVersion="1.2" SchemaVersion="2.9" '));
  assert.ok(s.includes(' CollationLcid="1033" CollationCaseSensitive="False" xmlns="http://schemas.microsoft.com/sqlserver/dac/Serialization/2012/02">\r\n\t<Model>\r\n'));
  assert.ok(s.endsWith('\t</Model>\r\n</DataSchemaModel>'));
  assert.equal(/\r(?!\n)|(?<!\r)\n/.test(s), false, 'every line break is CRLF');
  // Outside script text every line is tabs followed by a tag.
  const markup = s.replace(/<!\[CDATA\[[^]*?\]\]>/g, '');
  for (const line of markup.split('\r\n')) assert.match(line, /^\t*<[^\t ]/, `indentation of ${line}`);
});

test('DspName follows the source platform, SchemaVersion is 2.9', () => {
  const dsp = (majorVersion: number, isAzureSqlDatabase = false): string => dspNameFor({ versionText: '', majorVersion, isAzureSqlDatabase });
  assert.equal(dsp(12, true), 'Microsoft.Data.Tools.Schema.Sql.SqlAzureV12DatabaseSchemaProvider');
  assert.equal(dsp(13), 'Microsoft.Data.Tools.Schema.Sql.Sql130DatabaseSchemaProvider');
  assert.equal(dsp(15), 'Microsoft.Data.Tools.Schema.Sql.Sql150DatabaseSchemaProvider');
  assert.equal(dsp(16), 'Microsoft.Data.Tools.Schema.Sql.Sql160DatabaseSchemaProvider');
  assert.equal(dsp(17), 'Microsoft.Data.Tools.Schema.Sql.Sql170DatabaseSchemaProvider');
  const m = sampleModel();
  m.server = { versionText: '', majorVersion: 12, isAzureSqlDatabase: true };
  const written = writeModelXml(m);
  assert.equal(written.dspName, 'Microsoft.Data.Tools.Schema.Sql.SqlAzureV12DatabaseSchemaProvider');
  assert.equal(written.schemaVersion, '2.9');
  assert.ok(written.xml.toString('utf8').includes('DspName="Microsoft.Data.Tools.Schema.Sql.SqlAzureV12DatabaseSchemaProvider"'));
});

test('case-sensitive collations set CollationCaseSensitive', () => {
  const m = sampleModel();
  m.collation = 'Latin1_General_100_CS_AS';
  assert.ok(text(m).includes('CollationLcid="1033" CollationCaseSensitive="True"'));
  m.collation = 'Danish_Norwegian_CI_AS';
  assert.ok(text(m).includes('CollationLcid="1030" CollationCaseSensitive="False"'));
});

test('defaults are omitted and type specifiers follow the spec table', () => {
  const xml = text(sampleModel());
  const col = (c: string): string => elementLines(xml, `[sales].[Order].[${c}]`).join('\n');
  assert.ok(!col('Customer').includes('IsNullable'), 'nullable is the default');
  assert.ok(col('Id').includes('<Property Name="IsNullable" Value="False" />'));
  assert.ok(col('Id').includes('<Property Name="IsIdentity" Value="True" />'));
  assert.ok(!col('Id').includes('IdentitySeed') && !col('Id').includes('IdentityIncrement'), 'seed and increment 1 are defaults');
  assert.ok(col('Id').includes('<Annotation Type="OnlinePropertyAnnotation" Name="[LastValue]">'));
  assert.ok(col('Customer').includes('<References Name="[dbo].[Name]" />') && !col('Customer').includes('Length'));
  assert.ok(col('Amount').includes('<Property Name="Precision" Value="18" />') && !col('Amount').includes('Scale'));
  assert.match(col('Rate'), /Name="Scale" Value="4" \/>\n\t+<Property Name="Precision" Value="9" \/>/);
  assert.ok(col('Ratio').includes('<Property Name="Precision" Value="53" />') && col('Ratio').includes('Name="[float]"'));
  assert.ok(col('Small').includes('Name="[real]"') && !col('Small').includes('Precision'));
  assert.ok(!col('At').includes('Scale'), 'time(0) has no properties');
  assert.ok(col('Stamp').includes('<Property Name="Scale" Value="7" />'));
  assert.ok(col('Notes').includes('<Property Name="IsMax" Value="True" />') && col('Notes').includes('Value="Latin1_General_CS_AS"'));
  assert.ok(col('Version').includes('<References ExternalSource="BuiltIns" Name="[rowversion]" />'));
  assert.ok(col('Place').includes('<References ExternalSource="BuiltIns" Name="[sys].[geography]" />'));
  assert.ok(col('Spec').includes('<Element Type="SqlXmlTypeSpecifier">') && col('Spec').includes('<References Name="[sales].[Specs]" />'));
  assert.ok(col('Guid').includes('<Property Name="IsRowGuidColumn" Value="True" />'));
  assert.ok(col('Total').includes('<Element Type="SqlComputedColumn"') && col('Total').includes('<Property Name="IsPersisted" Value="True" />'));
  const pos = elementLines(xml, '[dbo].[Line]]s].[Pos]').join('\n');
  assert.ok(pos.includes('<Property Name="IdentitySeed" Value="100" />') && pos.includes('<Property Name="IdentityIncrement" Value="5" />'));
  // Clustered primary key and nonclustered unique constraint are the defaults.
  assert.ok(!elementLines(xml, '[sales].[PK_Order]').join('\n').includes('IsClustered'));
  assert.ok(elementLines(xml, '[dbo].[PK_Lines]').join('\n').includes('<Property Name="IsClustered" Value="False" />'));
  // Regression (found by DacFx 170.5.96): DacFx writes and reads IsAscending=False; IsDescending fails the model load.
  assert.ok(elementLines(xml, '[dbo].[PK_Lines]').join('\n').includes('<Property Name="IsAscending" Value="False" />'));
  assert.ok(!xml.includes('IsDescending'));
  assert.ok(!elementLines(xml, '[sales].[UQ_Order_Number]').join('\n').includes('IsClustered'));
  const fk = elementLines(xml, '[dbo].[FK_Lines_Order]').join('\n');
  assert.ok(fk.includes('<Property Name="OnDeleteAction" Value="1" />') && fk.includes('<Property Name="OnUpdateAction" Value="2" />'));
  assert.ok(fk.includes('<Annotation Type="IsNotTrustedPropertyAnnotation" />'));
  const ck = elementLines(xml, '[dbo].[CK_Lines_Qty]').join('\n');
  assert.ok(ck.includes('<References Name="[dbo].[Line]]s].[Qty]" />') && ck.includes('<References ExternalSource="BuiltIns" Name="[int]" />'));
  const ix = elementLines(xml, '[sales].[Order].[IX_Order_Customer]').join('\n');
  assert.match(ix, /Name="IsUnique"[^]*Name="FilterPredicate"[^]*Name="BodyDependencies"[^]*Name="ColumnSpecifications"[^]*Name="IncludedColumns"[^]*Name="IndexedObject"/);
});

test('relationships are sorted by name and top-level elements by name, unnamed first', () => {
  const xml = text(sampleModel());
  const fk = elementLines(xml, '[dbo].[FK_Lines_Order]').join('\n');
  const rels = [...fk.matchAll(/<Relationship Name="(\w+)">/g)].map((r) => r[1]);
  assert.deepEqual(rels, ['Columns', 'DefiningTable', 'ForeignColumns', 'ForeignTable']);
  const top = [...xml.matchAll(/^\t\t<Element Type="(\w+)"(?: Name="([^"]*)")?/gm)].map((m) => m[2] ?? m[1]);
  assert.equal(top[0], 'SqlDatabaseOptions');
  assert.ok(top.indexOf('[dbo].[AddLine]') < top.indexOf('[dbo].[Line]]s]'));
  assert.ok(top.indexOf('[sales].[Order]') < top.indexOf('[sales].[Order].[IX_Order_Customer]'));
  assert.ok(top.indexOf('[sales].[Order].[IX_Order_Customer]') < top.indexOf('[sales].[OrderNumbers]'), '"]" sorts before letters');
});

test('writing is deterministic: same bytes twice and whatever the input order', () => {
  const a = writeModelXml(sampleModel()).xml;
  const b = writeModelXml(sampleModel()).xml;
  assert.ok(a.equals(b));
  const shuffled = sampleModel();
  shuffled.tables.reverse();
  shuffled.extendedProperties.reverse();
  shuffled.primaryKeys.reverse();
  shuffled.modules.reverse();
  assert.ok(writeModelXml(shuffled).xml.equals(a));
});

test('"]]>" in a view body survives inside CDATA', () => {
  const m = sampleModel();
  const view = m.modules.find((x) => x.name === 'vOrders');
  assert.ok(view);
  view.definition = "CREATE VIEW [sales].[vOrders]\r\nAS\r\nSELECT 'a]]>b' AS [x]]]]>y]";
  const xml = writeModelXml(m).xml.toString('utf8');
  assert.ok(xml.includes("SELECT 'a]]]]><![CDATA[>b' AS [x]]]]]]><![CDATA[>y]]]>"));
  const parsed = parseModelXml(xml);
  const back = parsed.model.modules.find((x) => x.name === 'vOrders');
  assert.equal(back?.definition, "CREATE VIEW [sales].[vOrders]\r\nAS\nSELECT 'a]]>b' AS [x]]]]>y]");
});

test('attribute values escape markup and line breaks', () => {
  const m = sampleModel();
  const proc = m.modules.find((x) => x.name === 'AddLine');
  assert.ok(proc);
  const xml = writeModelXml(m).xml.toString('utf8');
  assert.ok(xml.includes('<Property Name="HeaderContents" Value="-- adds a line&#xD;&#xA;CREATE PROCEDURE [dbo].[AddLine] @OrderId int, @Qty int = 1, @Pos smallint OUTPUT&#xD;&#xA;AS" />'));
  assert.ok(xml.includes('<Property Name="CreateOffset" Value="16" />'));
  const parsed = parseModelXml(xml);
  assert.equal(parsed.model.modules.find((x) => x.name === 'AddLine')?.definition.split('\r\n')[0], '-- adds a line');
});

test('a control character is refused, naming the object', () => {
  const m = sampleModel();
  m.checkConstraints[0].expression = '([Qty]<>char(7)+\u0007)';
  assert.throws(() => writeModelXml(m), (e: unknown) => e instanceof BackupError && e.kind === 'unsupported' && e.message.includes('[dbo].[CK_Lines_Qty]') && e.message.includes('U+0007'));
  const lone = sampleModel();
  lone.tables[1].columns[2].name = 'Q\uD800';
  assert.throws(() => writeModelXml(lone), (e: unknown) => e instanceof BackupError && e.kind === 'unsupported' && e.message.includes('U+D800'));
});

test('dangling references are found and refused', () => {
  const m = sampleModel();
  assert.deepEqual(validateModelReferences(m), []);
  m.indexes.push({ name: 'IX_Gone', table: { schema: 'dbo', name: 'Gone' }, unique: false, clustered: false, columns: [{ name: 'X' }], included: [] });
  m.foreignKeys[0].referencedColumns = ['Nope'];
  const dangling = validateModelReferences(m);
  assert.deepEqual(dangling, [
    '[dbo].[FK_Lines_Order] → [sales].[Order].[Nope] (ForeignColumns)',
    '[dbo].[Gone].[IX_Gone] → [dbo].[Gone] (IndexedObject)',
    '[dbo].[Gone].[IX_Gone] → [dbo].[Gone].[X] (Column)',
  ]);
  assert.throws(() => writeModelXml(m), (e: unknown) => e instanceof BackupError && e.kind === 'format' && e.message.includes('[dbo].[Gone]') && e.message.includes('[sales].[Order].[Nope]'));
});

test('system-named constraints: named by default, inline on request', () => {
  const m = sampleModel();
  m.primaryKeys[0] = { ...m.primaryKeys[0], name: 'PK__Order__3214EC07', systemNamed: true };
  m.extendedProperties = m.extendedProperties.filter((p) => p.target.kind !== 'constraint');
  assert.ok(text(m).includes('<Element Type="SqlPrimaryKeyConstraint" Name="[sales].[PK__Order__3214EC07]">'));
  const inline = writeModelXml(m, { inlineSystemNamedConstraints: true }).xml.toString('utf8');
  assert.ok(inline.includes('\t\t<Element Type="SqlPrimaryKeyConstraint">\r\n'));
  assert.ok(inline.includes('<Annotation Type="SqlInlineConstraintAnnotation" Name="[sales].[PK__Order__3214EC07]" Disambiguator="2" />'));
  assert.ok(elementLines(inline, '[sales].[Order]').includes('\t\t\t<AttachedAnnotation Disambiguator="2" />'));
  const parsed = parseModelXml(inline);
  assert.deepEqual(parsed.model.primaryKeys.find((k) => k.table.name === 'Order'), { ...m.primaryKeys[0] });
});

test('no users, roles, permissions, logins or filegroups are written', () => {
  const xml = text(sampleModel());
  assert.equal(/Type="Sql(User|Role|RoleMembership|PermissionStatement|Login|Filegroup)"/.test(xml), false);
});

test('object counts follow Origin.xml rules', () => {
  const { objectCounts } = writeModelXml(sampleModel());
  assert.deepEqual(objectCounts, {
    CheckConstraint: 1, ComputedColumn: 3, DatabaseOptions: 1, DefaultConstraint: 1, DmlTrigger: 1, ExtendedProperty: 8,
    ForeignKeyConstraint: 1, Index: 1, PrimaryKeyConstraint: 2, Procedure: 1, ScalarFunction: 1, Schema: 1,
    ScriptFunctionImplementation: 1, Sequence: 1, SimpleColumn: 17, SubroutineParameter: 4, Table: 2,
    UniqueConstraint: 1, UserDefinedDataType: 1, View: 1, XmlSchemaCollection: 1,
  });
});

test('module elements carry body, header, parameters and return type', () => {
  const xml = text(sampleModel());
  const proc = elementLines(xml, '[dbo].[AddLine]').join('\n');
  assert.ok(proc.includes('<Value QuotedIdentifiers="False" AnsiNulls="True"><![CDATA['));
  assert.ok(proc.includes('<Element Type="SqlSubroutineParameter" Name="[dbo].[AddLine].[@Pos]">'));
  assert.match(proc, /Name="\[dbo\]\.\[AddLine\]\.\[@Pos\]">\n\t+<Property Name="IsOutput" Value="True" \/>/);
  assert.match(proc, /Name="\[dbo\]\.\[AddLine\]\.\[@Qty\]">\n\t+<Property Name="DefaultExpressionScript">\n\t+<Value QuotedIdentifiers="False" AnsiNulls="True"><!\[CDATA\[1\]\]><\/Value>/);
  const fn = elementLines(xml, '[dbo].[LineCount]').join('\n');
  assert.match(fn, /<Relationship Name="Type">[^]*Name="Scale" Value="2"[^]*Name="Precision" Value="9"[^]*Name="\[decimal\]"/);
  assert.ok(fn.includes('<Element Type="SqlScriptFunctionImplementation">'));
  const trigger = elementLines(xml, '[dbo].[trLines]').join('\n');
  assert.ok(trigger.includes('<Property Name="IsDeleteTrigger" Value="True" />') && trigger.includes('<Property Name="SqlTriggerType" Value="3" />'));
  assert.ok(trigger.includes('<References Name="[dbo].[Line]]s]" />'));
  const view = elementLines(xml, '[sales].[vOrders]').join('\n');
  assert.ok(view.includes('<Property Name="FooterContents" Value=";" />'));
  assert.ok(view.includes('<Element Type="SqlComputedColumn" Name="[sales].[vOrders].[Amount]" />'));
});

test('writer output parses back into the same model', () => {
  const m = sampleModel();
  const parsed = parseModelXml(writeModelXml(m).xml, { databaseName: 'Shop' });
  assert.deepEqual(parsed.danglingReferences, []);
  assert.deepEqual(parsed.skipped, []);
  const back = parsed.model;
  assert.equal(back.collation, m.collation);
  const sortByName = <T extends { name: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.name < b.name ? -1 : 1));
  assert.deepEqual(sortByName(back.tables), sortByName(m.tables).map((t) => ({ ...t, columns: t.columns.map((c) => {
    const { identity, ...rest } = c;
    return identity ? { ...rest, identity } : rest;
  }) })));
  for (const key of ['primaryKeys', 'uniqueConstraints', 'foreignKeys', 'defaultConstraints', 'checkConstraints', 'indexes', 'userDefinedTypes', 'sequences', 'xmlSchemaCollections'] as const) {
    const named = (xs: { name: string }[] | undefined): { name: string }[] => sortByName(xs ?? []);
    assert.deepEqual(named(back[key]), named(m[key]), key);
  }
  assert.equal(back.extendedProperties.length, m.extendedProperties.length);
  const proc = back.modules.find((x) => x.name === 'AddLine');
  assert.deepEqual(proc?.parameters?.map((p) => p.name), ['@OrderId', '@Qty', '@Pos']);
  assert.deepEqual(back.modules.find((x) => x.name === 'LineCount')?.returnType, { base: 'decimal', precision: 9, scale: 2 });
});
