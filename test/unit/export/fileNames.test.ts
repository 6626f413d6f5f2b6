import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupFileNameDate, formatBackupFileName, retentionPatternProblem } from '../../../src/core/export/fileNames';
import { createDataExclusion } from '../../../src/core/export/tableFilter';
import { BackupError } from '../../../src/core/errors';

const at = new Date(2026, 10, 26, 7, 5, 9);

test('the default name is the seed script\'s {database}-yyyy-MM-dd-HH.mm.ss.bacpac in local time', () => {
  assert.equal(formatBackupFileName(undefined, 'umbraco-live', at), 'umbraco-live-2026-11-26-07.05.09.bacpac');
});

test('custom patterns get .bacpac appended and unsafe database characters replaced', () => {
  assert.equal(formatBackupFileName('{yyyy}{MM}{dd}_{database}', 'a/b:c', at), '20261126_a_b_c.bacpac');
});

test('unknown tokens and path separators in a pattern are refused with a clear error', () => {
  assert.throws(() => formatBackupFileName('{database}-{week}', 'db', at), (e: unknown) => e instanceof BackupError && e.kind === 'invalid' && /\{week\}/.test(e.message));
  assert.throws(() => formatBackupFileName('sub/{database}', 'db', at), /cannot have/);
});

test('a name is a backup of a database only when the pattern produces exactly that name for it', () => {
  const name = formatBackupFileName(undefined, 'live', at);
  assert.equal(backupFileNameDate(undefined, 'live', name)?.getTime(), at.getTime(), 'the date comes from the name');
  assert.equal(backupFileNameDate(undefined, 'live-old', formatBackupFileName(undefined, 'live-old', at))?.getTime(), at.getTime());
  assert.equal(backupFileNameDate(undefined, 'live', formatBackupFileName(undefined, 'live-old', at)), undefined, 'another database');
  assert.equal(backupFileNameDate(undefined, 'Umbraco', 'umbraco-2026-11-26-07.05.09.bacpac'), undefined, 'names are case-sensitive');
  assert.equal(backupFileNameDate(undefined, 'live', 'live-2026-11-26-07.05.09.BACPAC'), undefined, 'so is the extension');
  assert.equal(backupFileNameDate(undefined, 'live', 'live-2026-11-26-07.05.09.bacpac.tmp'), undefined);
  assert.equal(backupFileNameDate(undefined, 'live', 'live-2026-13-26-07.05.09.bacpac'), undefined, 'month 13 is no date');
  assert.equal(backupFileNameDate(undefined, 'live', 'live-2026-02-31-07.05.09.bacpac'), undefined, '31 February is no date');
  assert.equal(backupFileNameDate(undefined, 'live', 'live-2026-11-26-24.00.00.bacpac'), undefined, 'hour 24 is no time');
  assert.equal(backupFileNameDate(undefined, 'live', 'notes.txt'), undefined);
  assert.equal(backupFileNameDate('{yyyy}{MM}{dd}_{database}', 'a/b', '20261126_a_b.bacpac')?.getTime(), new Date(2026, 10, 26).getTime());
});

test('retention needs a pattern with {database} and a date; without them it says so', () => {
  assert.equal(retentionPatternProblem(undefined), undefined);
  assert.equal(retentionPatternProblem('{database}_{yyyy}{MM}{dd}'), undefined, 'a date without a time is enough');
  assert.match(retentionPatternProblem('{yyyy}-{MM}-{dd}-{HH}.{mm}.{ss}.bacpac') ?? '', /no \{database\}/);
  assert.match(retentionPatternProblem('{database}-{HH}{mm}') ?? '', /no \{yyyy\}, \{MM\}, \{dd\}/);
  assert.match(retentionPatternProblem('backup.bacpac') ?? '', /keep all backups/);
});

test('data exclusion patterns: schema.table, bare names, wildcards, brackets, any case', () => {
  const excluded = createDataExclusion(['dbo.umbracoLog', '*Audit', '[dbo].[cms*]', 'other.T?']);
  const t = (schema: string, name: string) => excluded({ schema, name });
  assert.ok(t('dbo', 'umbracoLog'));
  assert.ok(t('DBO', 'UMBRACOLOG'));
  assert.ok(!t('dbo', 'umbracoLogViewerQuery'));
  assert.ok(t('x', 'umbracoAudit'));
  assert.ok(t('dbo', 'cmsTags'));
  assert.ok(t('other', 'T1'));
  assert.ok(!t('other', 'T12'));
  assert.ok(!createDataExclusion([])({ schema: 'dbo', name: 'x' }));
});
