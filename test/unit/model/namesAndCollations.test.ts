import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareModelNames } from '../../../src/core/model/nameOrder';
import { collationInfo } from '../../../src/core/model/collation';
import { splitQuotedName } from '../../../src/core/model/quotedName';
import { expressionDependencies } from '../../../src/core/model/expressionDependencies';

test('model names sort case-insensitively with punctuation before digits and letters', () => {
  const names = [
    '[dbo].[zeta]', '[dbo].[Customer]', '[dbo].[CustomerAddress]', '[dbo].[Customer].[IX_1]', '[dbo].[__EFHistory]',
    '[dbo].[T_X]', '[dbo].[T]', '[dbo].[T1]', '[dbo].[alpha]', '[Sales]', '[Sales].[Order]', '[dbo].[Alpha]',
  ];
  const sorted = [...names].sort(compareModelNames);
  assert.deepEqual(sorted, [
    '[dbo].[__EFHistory]', '[dbo].[Alpha]', '[dbo].[alpha]', '[dbo].[Customer]', '[dbo].[Customer].[IX_1]',
    '[dbo].[CustomerAddress]', '[dbo].[T]', '[dbo].[T_X]', '[dbo].[T1]', '[dbo].[zeta]', '[Sales]', '[Sales].[Order]',
  ]);
  assert.equal(compareModelNames('[a]', '[a]'), 0);
});

test('collation names give LCID and case sensitivity', () => {
  assert.deepEqual(collationInfo('SQL_Latin1_General_CP1_CI_AS'), { lcid: 1033, caseSensitive: false, known: true });
  assert.deepEqual(collationInfo('SQL_Latin1_General_CP1_CS_AS'), { lcid: 1033, caseSensitive: true, known: true });
  assert.deepEqual(collationInfo('Latin1_General_100_CI_AS_SC_UTF8'), { lcid: 1033, caseSensitive: false, known: true });
  assert.deepEqual(collationInfo('Danish_Norwegian_CI_AS'), { lcid: 1030, caseSensitive: false, known: true });
  assert.deepEqual(collationInfo('Finnish_Swedish_100_CS_AS'), { lcid: 1035, caseSensitive: true, known: true });
  assert.deepEqual(collationInfo('French_BIN2'), { lcid: 1036, caseSensitive: true, known: true });
  assert.deepEqual(collationInfo('Klingon_CI_AS'), { lcid: 1033, caseSensitive: false, known: false });
});

test('quoted names split with ]] escapes', () => {
  assert.deepEqual(splitQuotedName('[dbo].[Order]]s].[Unit Price]'), ['dbo', 'Order]s', 'Unit Price']);
  assert.throws(() => splitQuotedName('dbo.x'), /bracket-quoted/);
});

test('expression dependencies: table columns and CAST/CONVERT types, once each, in order', () => {
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  const cols = ['Qty', 'Price', 'date', 'Name'];
  assert.deepEqual(
    expressionDependencies("(isnull(N'x'+CONVERT([nvarchar](23),[qty]),'[Price]')+CAST(price AS int)*[Qty]+left(Name,2)+dbo.f([date]) + t.[Name])", cols, same),
    [{ builtInType: 'nvarchar' }, { column: 'Qty' }, { column: 'Price' }, { builtInType: 'int' }, { column: 'Name' }, { column: 'date' }],
  );
  assert.deepEqual(expressionDependencies('(getdate())', [], same), []);
});
