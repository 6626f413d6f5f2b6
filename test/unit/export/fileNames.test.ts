import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readdirSync, utimesSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupFileNameMatcher, formatBackupFileName } from '../../../src/core/export/fileNames';
import { applyRetention } from '../../../src/core/export/retention';
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

test('the matcher recognises names the pattern produced for that database only', () => {
  const m = backupFileNameMatcher(undefined, 'live');
  assert.ok(m.test(formatBackupFileName(undefined, 'live', at)));
  assert.ok(!m.test(formatBackupFileName(undefined, 'live-old', at)));
  assert.ok(!m.test('live-2026-11-26-07.05.09.bacpac.tmp'));
  assert.ok(!m.test('notes.txt'));
});

test('retention deletes only the oldest backups of that database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retention-'));
  try {
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const name = formatBackupFileName(undefined, 'live', new Date(2026, 0, 1 + i, 12, 0, 0));
      writeFileSync(join(dir, name), 'x');
      utimesSync(join(dir, name), new Date(2026, 0, 1 + i), new Date(2026, 0, 1 + i));
      names.push(name);
    }
    const other = formatBackupFileName(undefined, 'staging', new Date(2020, 0, 1));
    writeFileSync(join(dir, other), 'x');
    writeFileSync(join(dir, 'readme.txt'), 'x');
    const deleted = await applyRetention(dir, undefined, 'live', 2);
    assert.deepEqual(deleted.map((p) => p.slice(dir.length + 1)).sort(), names.slice(0, 3).sort());
    assert.deepEqual(readdirSync(dir).sort(), [...names.slice(3), other, 'readme.txt'].sort());
    assert.deepEqual(await applyRetention(dir, undefined, 'live', 0), [], 'keep 0 means keep all');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
