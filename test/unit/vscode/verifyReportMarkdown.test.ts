import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VerifyReport } from '../../../src/core/verify/types';
import { englishL10n } from '../../../src/vscode/model/l10n';
import { verifyReportMarkdown } from '../../../src/vscode/model/verifyReportMarkdown';

const report: VerifyReport = {
  path: '/b/shop-live-2026.bacpac',
  ok: true,
  errors: [],
  warnings: [],
  databaseName: 'shop-live',
  dspName: 'Microsoft.Data.Tools.Schema.Sql.SqlAzureV12DatabaseSchemaProvider',
  schemaVersion: '2.9',
  originRowCount: 1234,
  totalRows: 1234,
  tables: [
    { schema: 'dbo', name: 'umbracoNode', rows: 1000, parts: [{ name: 'Data/dbo.umbracoNode/TableData-000-00000.BCP', rows: 1000, bytes: 2048 }] },
    { schema: 'dbo', name: 'cmsContent', rows: 234, parts: [] },
  ],
  objectCounts: { SqlTable: 2, SqlPrimaryKeyConstraint: 2 },
  bytes: 4096,
};

test('a valid package: verdict, facts, object counts and tables sorted by name', () => {
  const md = verifyReportMarkdown(report, englishL10n, 1500);
  assert.match(md, /^# Verification of shop-live-2026\.bacpac\n/);
  assert.match(md, /\*\*✓ The package is valid\.\*\*/);
  assert.match(md, /- \*\*Rows decoded:\*\* 1,234/);
  assert.match(md, /- \*\*Checked in:\*\* 1\.5 s/);
  assert.ok(md.indexOf('dbo.cmsContent') < md.indexOf('dbo.umbracoNode'));
  assert.match(md, /\| SqlTable \| 2 \|/);
  assert.ok(!md.includes('## Errors'));
});

test('an invalid package lists its errors first, with pipes escaped', () => {
  const md = verifyReportMarkdown(
    { ...report, ok: false, errors: [{ code: 'checksum.mismatch', message: 'a | b\nc', where: 'model.xml' }], warnings: [{ code: 'w', message: 'x' }] },
    englishL10n,
  );
  assert.match(md, /✗ The package has 1 errors\./);
  assert.match(md, /\| `checksum\.mismatch` \| model\.xml \| a \\\| b c \|/);
  assert.ok(md.indexOf('## Errors') < md.indexOf('## Warnings'));
});
