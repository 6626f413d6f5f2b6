import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModelXml } from '../../../src/core/model/modelXmlParser';
import { BackupError } from '../../../src/core/errors';

/** A DacFx-shaped model (abbreviated from fixtures A, B, D) with the shapes our writer never produces. */
const dacfxModel = [
  '\uFEFF<?xml version="1.0" encoding="utf-8"?>',
  '<DataSchemaModel FileFormatVersion="1.2" SchemaVersion="3.3" DspName="Microsoft.Data.Tools.Schema.Sql.SqlAzureV12DatabaseSchemaProvider" CollationLcid="1033" CollationCaseSensitive="False" xmlns="http://schemas.microsoft.com/sqlserver/dac/Serialization/2012/02">',
  '<Header><CustomData Category="x"><Metadata Name="a" Value="b" /></CustomData></Header>',
  '<Model>',
  '<Element Type="SqlDatabaseOptions"><Property Name="Collation" Value="Latin1_General_CI_AS" /><Property Name="CatalogCollation" Value="2" /></Element>',
  '<Element Type="SqlPrimaryKeyConstraint">',
  '  <Relationship Name="ColumnSpecifications"><Entry><Element Type="SqlIndexedColumnSpecification"><Relationship Name="Column"><Entry><References Name="[dbo].[Log].[Id]" /></Entry></Relationship></Element></Entry></Relationship>',
  '  <Relationship Name="DefiningTable"><Entry><References Name="[dbo].[Log]" /></Entry></Relationship>',
  '  <Annotation Type="SqlInlineConstraintAnnotation" Name="[dbo].[PK__Log__3214EC07]" Disambiguator="3" />',
  '</Element>',
  '<Element Type="SqlUserDefinedDataType" Name="[dbo].[Code]"><Property Name="Length" Value="4" /><Property Name="IsNullable" Value="False" />',
  '  <Relationship Name="Schema"><Entry><References ExternalSource="BuiltIns" Name="[dbo]" /></Entry></Relationship>',
  '  <Relationship Name="Type"><Entry><References ExternalSource="BuiltIns" Name="[nchar]" /></Entry></Relationship></Element>',
  '<Element Type="SqlTable" Name="[dbo].[Log]"><Property Name="IsAnsiNullsOn" Value="True" /><Relationship Name="Columns">',
  '  <Entry><Element Type="SqlSimpleColumn" Name="[dbo].[Log].[Id]"><Property Name="IsNullable" Value="False" /><Property Name="IsIdentity" Value="True" />',
  '    <Relationship Name="TypeSpecifier"><Entry><Element Type="SqlTypeSpecifier"><Relationship Name="Type"><Entry><References ExternalSource="BuiltIns" Name="[bigint]" /></Entry></Relationship></Element></Entry></Relationship>',
  '    <Annotation Type="OnlinePropertyAnnotation" Name="[LastValue]"><Property Name="Value" Value="9" /></Annotation></Element></Entry>',
  '  <Entry><Element Type="SqlSimpleColumn" Name="[dbo].[Log].[Who]"><Relationship Name="TypeSpecifier"><Entry><Element Type="SqlTypeSpecifier"><Relationship Name="Type"><Entry><References ExternalSource="BuiltIns" Name="[sys].[sysname]" /></Entry></Relationship></Element></Entry></Relationship></Element></Entry>',
  '  <Entry><Element Type="SqlSimpleColumn" Name="[dbo].[Log].[Code]"><Relationship Name="TypeSpecifier"><Entry><Element Type="SqlTypeSpecifier"><Relationship Name="Type"><Entry><References Name="[dbo].[Code]" /></Entry></Relationship></Element></Entry></Relationship></Element></Entry>',
  '  <Entry><Element Type="SqlSimpleColumn" Name="[dbo].[Log].[At]"><Relationship Name="TypeSpecifier"><Entry><Element Type="SqlTypeSpecifier"><Relationship Name="Type"><Entry><References ExternalSource="BuiltIns" Name="[datetimeoffset]" /></Entry></Relationship></Element></Entry></Relationship></Element></Entry>',
  '  <Entry><Element Type="SqlSimpleColumn" Name="[dbo].[Log].[Shape]"><Relationship Name="TypeSpecifier"><Entry><Element Type="SqlTypeSpecifier"><Relationship Name="Type"><Entry><References ExternalSource="BuiltIns" Name="[sys].[geometry]" /></Entry></Relationship></Element></Entry></Relationship></Element></Entry>',
  '  <Entry><Element Type="SqlComputedColumn" Name="[dbo].[Log].[Twice]"><Property Name="ExpressionScript"><Value><![CDATA[([Id]*(2))]]></Value></Property></Element></Entry>',
  '</Relationship><Relationship Name="Schema"><Entry><References ExternalSource="BuiltIns" Name="[dbo]" /></Entry></Relationship>',
  '<AttachedAnnotation Disambiguator="3" /></Element>',
  '<Element Type="SqlPermissionStatement" Name="[Grant.X].[public].[dbo]"><Property Name="Permission" Value="1108" /><Relationship Name="SecuredObject"><Entry><References Disambiguator="1" /></Entry></Relationship></Element>',
  '<Element Type="SqlPermissionStatement" Name="[Grant.Control.Certificate].[public].[dbo].[c1]"><Property Name="Permission" Value="1038" /><Relationship Name="Grantee"><Entry><References ExternalSource="BuiltIns" Name="[public]" /></Entry></Relationship><Relationship Name="SecuredObject"><Entry><References ExternalSource="BuiltIns" Name="[c1]" /></Entry></Relationship></Element>',
  '</Model>',
  '</DataSchemaModel>',
].join('\r\n');

test('DacFx shapes: inline constraints, sysname, alias types, CLR types, skipped elements', () => {
  const parsed = parseModelXml(Buffer.from(dacfxModel, 'utf8'));
  assert.equal(parsed.dspName, 'Microsoft.Data.Tools.Schema.Sql.SqlAzureV12DatabaseSchemaProvider');
  assert.equal(parsed.schemaVersion, '3.3');
  assert.deepEqual(parsed.model.server, { versionText: '', majorVersion: 12, isAzureSqlDatabase: true });
  assert.equal(parsed.model.collation, 'Latin1_General_CI_AS');
  assert.deepEqual(parsed.model.primaryKeys, [
    { name: 'PK__Log__3214EC07', systemNamed: true, table: { schema: 'dbo', name: 'Log' }, columns: [{ name: 'Id' }], clustered: true },
  ]);
  const [table] = parsed.model.tables;
  assert.deepEqual(table.columns.map((c) => [c.name, c.type, c.nullable]), [
    ['Id', { base: 'bigint' }, false],
    ['Who', { base: 'nvarchar', length: 128, userType: { schema: 'sys', name: 'sysname' } }, true],
    ['Code', { base: 'nchar', length: 4, userType: { schema: 'dbo', name: 'Code' } }, true],
    ['At', { base: 'datetimeoffset', scale: 0 }, true],
    ['Shape', { base: 'geometry' }, true],
    ['Twice', { base: 'sql_variant' }, true],
  ]);
  assert.deepEqual(table.columns[0].identity, { seed: '1', increment: '1', lastValue: '9' });
  assert.deepEqual(table.columns[5].computed, { expression: '([Id]*(2))', persisted: false });
  // Statements the model cannot represent (no Grantee; a certificate) are listed, not guessed at.
  assert.deepEqual(parsed.skipped, ['SqlPermissionStatement [Grant.X].[public].[dbo]', 'SqlPermissionStatement [Grant.Control.Certificate].[public].[dbo].[c1]']);
  // The database options carry no Disambiguator here (as in DacFx 15 exports), so the grant's reference dangles.
  assert.deepEqual(parsed.danglingReferences, ['[Grant.X].[public].[dbo] → Disambiguator 1 (SecuredObject)']);
  assert.equal(parsed.elementCounts.SqlSimpleColumn, 5);
  assert.equal(parsed.elementCounts.SqlTypeSpecifier, 5);
});

test('a column of an undefined alias type or unknown built-in is a format error', () => {
  const undefinedAlias = dacfxModel.replace(/<Element Type="SqlUserDefinedDataType"[^]*?<\/Element>\r\n/, '');
  assert.throws(() => parseModelXml(undefinedAlias), (e: unknown) => e instanceof BackupError && e.kind === 'format' && e.message.includes('[dbo].[Code]'));
  const unknownType = dacfxModel.replace('Name="[bigint]"', 'Name="[vector]"');
  assert.throws(() => parseModelXml(unknownType), (e: unknown) => e instanceof BackupError && e.kind === 'format' && e.message.includes('[vector]'));
});

test('documents that are not a model are refused', () => {
  assert.throws(() => parseModelXml('<Other><Model><Element Type="SqlTable" Name="[dbo].[T]" /></Model></Other>'), /not <DataSchemaModel>/);
  assert.throws(() => parseModelXml('<DataSchemaModel DspName="x"><Model></Model></DataSchemaModel>'), /no <DataSchemaModel><Model> with elements/);
  assert.throws(() => parseModelXml('<DataSchemaModel DspName="x"><Model><Thing /></Model></DataSchemaModel>'), /unexpected <Thing>/);
});
