import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix, win32 } from 'node:path';
import { backupFileNameDate, backupFilePaths, formatBackupFileName, maxBackupFileNameBytes, retentionPatternProblem } from '../../../src/core/export/fileNames';
import { parseTempFileName, tempFileName } from '../../../src/core/export/tempFiles';
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

test('forbidden characters in the database name become "_"; in the pattern they are refused', () => {
  assert.equal(formatBackupFileName(undefined, 'a<b>c:d"e/f\\g|h?i*j\u0001k', at), 'a_b_c_d_e_f_g_h_i_j_k-2026-11-26-07.05.09.bacpac');
  for (const bad of ['{database}<x', 'a|{database}', '{database}?', 'x\u0007{database}', 'C:{database}']) {
    assert.throws(() => formatBackupFileName(bad, 'db', at), (e: unknown) => e instanceof BackupError && e.kind === 'invalid' && /cannot have/.test(e.message), bad);
  }
});

test('a database whose name starts with "." gets a visible backup file', () => {
  assert.equal(formatBackupFileName(undefined, '.shop', at), '_shop-2026-11-26-07.05.09.bacpac');
  assert.equal(formatBackupFileName('{database}.bacpac', '..x', at), '__x.bacpac');
  assert.equal(formatBackupFileName('{yyyy}-{database}', '.shop', at), '2026-.shop.bacpac', 'not at the start: not hidden');
  assert.equal(formatBackupFileName('backup-{database}', '.shop', at), 'backup-.shop.bacpac');
  assert.equal(backupFileNameDate(undefined, '.shop', '_shop-2026-11-26-07.05.09.bacpac')?.getTime(), at.getTime(), 'retention finds it');
  assert.equal(backupFileNameDate(undefined, '.shop', '.shop-2026-11-26-07.05.09.bacpac'), undefined);
});

test('a pattern that starts with "." is refused: its files would be hidden', () => {
  assert.throws(() => formatBackupFileName('.{database}-{yyyy}', 'db', at), (e: unknown) => e instanceof BackupError && e.kind === 'invalid' && /start with a dot/.test(e.message));
});

test('Windows device names as file names get a suffix, with or without an extension, and the matcher follows', () => {
  const cases: [string | undefined, string, string][] = [
    ['{database}.bacpac', 'CON', 'CON_.bacpac'],
    ['{database}.bacpac', 'nul', 'nul_.bacpac'],
    ['{database}', 'COM1', 'COM1_.bacpac'],
    ['{database}.{yyyy}{MM}{dd}.bacpac', 'LPT9', 'LPT9_.20261126.bacpac'],
    ['{database}.bacpac', 'aux.live', 'aux_.live.bacpac'],
    ['LPT{database}.bacpac', '1', 'LPT1_.bacpac'],
    ['{database} .bacpac', 'PRN', 'PRN _.bacpac'],
  ];
  for (const [pattern, db, expected] of cases) {
    const name = formatBackupFileName(pattern, db, at);
    assert.equal(name, expected, `${pattern} with ${db}`);
    assert.ok(backupFileNameDate(pattern, db, name), `retention finds ${name}`);
  }
  // The default pattern puts the date before the first dot, so "CON-2026-…" is no device and stays as it is.
  assert.equal(formatBackupFileName(undefined, 'CON', at), 'CON-2026-11-26-07.05.09.bacpac');
  assert.equal(formatBackupFileName('{database}.bacpac', 'CONSOLE', at), 'CONSOLE.bacpac');
});

test('names never exceed what file systems allow: a long database name is cut and tagged with a hash', () => {
  const long = 'Ö'.repeat(128);
  const name = formatBackupFileName(undefined, long, at);
  assert.ok(Buffer.byteLength(name) <= maxBackupFileNameBytes, `${Buffer.byteLength(name)} bytes`);
  assert.match(name, /^Ö+~[0-9a-f]{8}-2026-11-26-07\.05\.09\.bacpac$/);
  assert.notEqual(formatBackupFileName(undefined, `${long}x`, at), formatBackupFileName(undefined, `${long}y`, at));
  assert.equal(backupFileNameDate(undefined, long, name)?.getTime(), at.getTime(), 'retention finds it');
  assert.equal(formatBackupFileName(undefined, 'short', at), 'short-2026-11-26-07.05.09.bacpac');
  assert.throws(() => formatBackupFileName(`${'x'.repeat(300)}{database}`, 'db', at), /longer than 200 bytes/);
});

for (const [label, path, folder] of [
  ['path.win32, drive letter', win32, 'C:\\Users\\me\\Backups\\Shop\\Live'],
  ['path.win32, UNC share', win32, '\\\\server\\share\\backups'],
  ['path.posix', posix, '/home/me/Backups/Shop/Live'],
] as const) {
  test(`backup and temporary file paths under ${label}`, () => {
    const name = formatBackupFileName(undefined, 'shop-live', at);
    const { finalPath, tempPath } = backupFilePaths(folder, name, tempFileName(name, { host: '0a1b2c3d', pid: 4242 }), path);
    assert.equal(finalPath, `${folder}${path.sep}shop-live-2026-11-26-07.05.09.bacpac`);
    assert.match(tempPath.slice(folder.length), /^[\\/]\.shop-live-2026-11-26-07\.05\.09\.bacpac\.0a1b2c3d-4242-[0-9a-f]{8}\.partial$/);
    assert.equal(path.dirname(tempPath), path.dirname(finalPath), 'same folder: the rename is atomic');
    assert.equal(parseTempFileName(path.basename(tempPath))?.finalName, name, 'the cleanup recognises it');
    assert.equal(backupFileNameDate(undefined, 'shop-live', path.basename(tempPath)), undefined, 'the temp file is never taken for a backup');
  });
}

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
