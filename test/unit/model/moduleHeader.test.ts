import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readModuleHeader, splitModuleDefinition } from '../../../src/core/model/tsql/moduleHeader';
import { BackupError } from '../../../src/core/errors';
import type { TypeLookup } from '../../../src/core/model/tsql/typeSyntax';

const lookup: TypeLookup = {
  userTypes: [{ schema: 'dbo', name: 'Flag', type: { base: 'bit' }, nullable: false }],
  sameName: (a, b) => a.toLowerCase() === b.toLowerCase(),
};

test('comments, strings and quoted names containing AS do not end the header', () => {
  const header = [
    '-- CREATE VIEW nope AS SELECT 1',
    '/* outer /* nested AS */ still a comment AS */',
    "CREATE PROCEDURE [dbo].[p AS q] @a AS int = 5, @b nvarchar(10) = N'it''s AS', @c varchar(max) OUTPUT, @d [dbo].[Flag] = NULL",
    "WITH EXECUTE AS 'dbo'",
    'AS',
  ].join('\r\n');
  const body = "\r\nSELECT 'AS' AS [AS]; -- AS\r\n";
  const def = header + body;
  const info = readModuleHeader(def, 'procedure', '[dbo].[p AS q]', lookup);
  assert.equal(info.header, header);
  assert.equal(info.body, body);
  assert.equal(info.footer, '');
  assert.equal(info.createOffset, def.indexOf('CREATE PROCEDURE'));
  assert.deepEqual(info.parameters, [
    { name: '@a', type: { base: 'int' }, defaultExpression: '5' },
    { name: '@b', type: { base: 'nvarchar', length: 10 }, defaultExpression: "N'it''s AS'" },
    { name: '@c', type: { base: 'varchar', isMax: true }, isOutput: true },
    { name: '@d', type: { base: 'bit', userType: { schema: 'dbo', name: 'Flag' } }, defaultExpression: 'NULL' },
  ]);
});

test('procedures with parenthesised parameters, OUT and READONLY, and none at all', () => {
  const info = readModuleHeader('CREATE PROC dbo.p (@x decimal(9,2) OUT, @y datetime2)\nAS SELECT 1', 'procedure', 'p', lookup);
  assert.deepEqual(info.parameters, [
    { name: '@x', type: { base: 'decimal', precision: 9, scale: 2 }, isOutput: true },
    { name: '@y', type: { base: 'datetime2', scale: 7 } },
  ]);
  assert.equal(info.header, 'CREATE PROC dbo.p (@x decimal(9,2) OUT, @y datetime2)\nAS');
  assert.deepEqual(readModuleHeader('CREATE PROCEDURE p AS RETURN', 'procedure', 'p', lookup).parameters, []);
});

test("a view's final semicolon is its footer; a procedure keeps it in the body", () => {
  const view = splitModuleDefinition('\r\nCREATE VIEW [v] WITH SCHEMABINDING \r\nAS\r\nSELECT 1 AS [x];', 'view', 'v');
  assert.deepEqual(view, { header: '\r\nCREATE VIEW [v] WITH SCHEMABINDING \r\nAS', body: '\r\nSELECT 1 AS [x]', footer: ';', createOffset: 2 });
  const proc = splitModuleDefinition('CREATE PROCEDURE p AS BEGIN SELECT 1; END;', 'procedure', 'p');
  assert.equal(proc.body, ' BEGIN SELECT 1; END;');
  assert.equal(proc.footer, '');
  const colView = splitModuleDefinition('CREATE VIEW v (a, b) AS SELECT 1, 2', 'view', 'v');
  assert.equal(colView.header, 'CREATE VIEW v (a, b) AS');
});

test('functions: inline header runs to RETURN, AS may be left out, return types are read', () => {
  const inline = readModuleHeader(
    'CREATE FUNCTION [dbo].[f](@id int)\r\nRETURNS TABLE \r\nAS \r\n-- comment\r\nRETURN (SELECT @id AS x);',
    'inlineTableFunction', 'f', lookup,
  );
  assert.equal(inline.header, 'CREATE FUNCTION [dbo].[f](@id int)\r\nRETURNS TABLE \r\nAS \r\n-- comment\r\nRETURN');
  assert.equal(inline.body, ' (SELECT @id AS x)');
  assert.equal(inline.footer, ';');
  const noAs = readModuleHeader('CREATE FUNCTION f() RETURNS TABLE RETURN SELECT 1 AS x', 'inlineTableFunction', 'f', lookup);
  assert.equal(noAs.header, 'CREATE FUNCTION f() RETURNS TABLE RETURN');
  const scalar = readModuleHeader('CREATE FUNCTION dbo.s(@a [tinyint], @b sysname)\nRETURNS float\nBEGIN RETURN 1 END', 'scalarFunction', 's', lookup);
  assert.equal(scalar.header, 'CREATE FUNCTION dbo.s(@a [tinyint], @b sysname)\nRETURNS float');
  assert.deepEqual(scalar.returnType, { base: 'float', precision: 53 });
  assert.deepEqual(scalar.parameters.map((p) => p.type), [{ base: 'tinyint' }, { base: 'nvarchar', length: 128, userType: { schema: 'sys', name: 'sysname' } }]);
  const multi = readModuleHeader(
    'CREATE FUNCTION m()\nRETURNS @t TABLE ([Id] int NOT NULL PRIMARY KEY, Name nvarchar(50) NULL, Flag dbo.Flag, CHECK (Id > 0))\nWITH EXECUTE AS CALLER\nAS\nBEGIN RETURN END',
    'tableFunction', 'm', lookup,
  );
  assert.equal(multi.returnTableVariable, '@t');
  assert.deepEqual(multi.returnColumns, [
    { name: 'Id', type: { base: 'int' }, nullable: false },
    { name: 'Name', type: { base: 'nvarchar', length: 50 }, nullable: true },
    { name: 'Flag', type: { base: 'bit', userType: { schema: 'dbo', name: 'Flag' } }, nullable: true },
  ]);
  assert.ok(multi.header.endsWith('WITH EXECUTE AS CALLER\nAS'));
});

test('triggers: the events and EXECUTE AS do not end the header', () => {
  const t = splitModuleDefinition('CREATE TRIGGER [s].[t] ON [s].[x] WITH EXECUTE AS OWNER INSTEAD OF INSERT, DELETE AS\r\nBEGIN RETURN END', 'trigger', 't');
  assert.equal(t.header, 'CREATE TRIGGER [s].[t] ON [s].[x] WITH EXECUTE AS OWNER INSTEAD OF INSERT, DELETE AS');
});

test('definitions that cannot be read are refused with the object named', () => {
  const refused = (def: string, kind: Parameters<typeof splitModuleDefinition>[1]): void => {
    assert.throws(() => readModuleHeader(def, kind, '[dbo].[broken]', lookup), (e: unknown) => e instanceof BackupError && e.kind === 'unsupported' && e.message.includes('[dbo].[broken]'));
  };
  refused('ALTER VIEW v AS SELECT 1', 'view');
  refused('CREATE VIEW v SELECT 1', 'view');
  refused('CREATE PROCEDURE p @t dbo.SomeTableType READONLY AS SELECT 1', 'procedure');
  refused('CREATE FUNCTION f RETURNS int AS BEGIN RETURN 1 END', 'scalarFunction');
});
