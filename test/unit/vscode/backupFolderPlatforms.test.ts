import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix, win32 } from 'node:path';
import { defaultBackupSettings, resolveBackupFolder, type PathContext } from '../../../src/vscode/model/backupSettings';
import type { CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import { englishL10n } from '../../../src/vscode/model/l10n';

type Names = Pick<CloudEnvironment, 'project' | 'environment' | 'database'>;
const env: Names = { project: 'Shop: Web', environment: 'Live', database: 'shop-live' };
const windows: PathContext = { home: 'C:\\Users\\Ada', workspaceFolder: 'C:\\src\\site', path: win32 };
const linux: PathContext = { home: '/home/ada', workspaceFolder: '/src/site', path: posix };
const folder = (pattern: string, paths: PathContext, names: Names = env, others: Names[] = []) => resolveBackupFolder(pattern, names, paths, englishL10n, others);

test('path.win32: drive letters, forward slashes, ~, ${workspaceFolder} and relative folders', () => {
  assert.equal(folder(defaultBackupSettings.backupsFolder, windows), 'C:\\Users\\Ada\\CloudDatabaseBackups\\Shop_ Web\\Live');
  assert.equal(folder('D:/Backups/{environment}', windows), 'D:\\Backups\\Live');
  assert.equal(folder('~\\b\\{database}', windows), 'C:\\Users\\Ada\\b\\shop-live');
  assert.equal(folder('${workspaceFolder}/backups', windows), 'C:\\src\\site\\backups');
  assert.equal(folder('${userHome}\\b', windows), 'C:\\Users\\Ada\\b');
  assert.equal(folder('backups\\{environment}', windows), 'C:\\Users\\Ada\\backups\\Live');
  assert.equal(folder('D:\\x\\..\\Backups', windows), 'D:\\Backups');
});

test('path.win32: UNC shares, typed with backslashes or forward slashes', () => {
  assert.equal(folder('\\\\nas\\share\\backups\\{project}', windows), '\\\\nas\\share\\backups\\Shop_ Web');
  assert.equal(folder('//nas/share/backups/{environment}', windows), '\\\\nas\\share\\backups\\Live');
});

test('path.win32: trailing dots and spaces are dropped as Windows does, in typed names and in placeholders', () => {
  assert.equal(folder('D:\\Backups. \\Shop.\\{environment}', windows), 'D:\\Backups\\Shop\\Live');
  assert.equal(folder('D:\\b\\{environment}', windows, { ...env, environment: 'Staging. ' }), 'D:\\b\\Staging');
  // On Linux the same typed names are real names and stay.
  assert.equal(folder('/srv/Backups. /{environment}', linux), '/srv/Backups. /Live');
});

test('path.posix: home, workspace, absolute and relative folders', () => {
  assert.equal(folder(defaultBackupSettings.backupsFolder, linux), '/home/ada/CloudDatabaseBackups/Shop_ Web/Live');
  assert.equal(folder('${workspaceFolder}/backups/{database}', linux), '/src/site/backups/shop-live');
  assert.equal(folder('backups', linux), '/home/ada/backups');
  assert.equal(folder('/srv//backups/', linux), '/srv/backups');
});

for (const [label, paths] of [['path.win32', windows], ['path.posix', linux]] as const) {
  test(`${label}: project and environment names with forbidden characters, device names or a leading dot stay one safe folder`, () => {
    const sep = paths.path!.sep;
    const under = (names: Partial<Names>) => folder('~/b/{project}/{environment}', paths, { ...env, ...names }).split(sep).slice(-2).join('|');
    assert.equal(under({ project: 'a/b\\c', environment: 'x:y*z' }), 'a_b_c|x_y_z');
    assert.equal(under({ project: 'CON', environment: 'nul.live' }), 'CON_|nul_.live');
    assert.equal(under({ project: '.hidden', environment: '..' }), '_hidden|_');
    const long = under({ environment: 'E'.repeat(300) });
    assert.ok(Buffer.byteLength(long.split('|')[1]) <= 255, 'a folder name file systems accept');
  });

  test(`${label}: two environments whose names differ only in case do not share a folder`, () => {
    const live: Names = { project: 'Shop', environment: 'Live', database: 'shop' };
    const lower: Names = { project: 'Shop', environment: 'live', database: 'shop' };
    const all = [live, lower];
    const a = folder('~/b/{project}/{environment}', paths, live, all);
    const b = folder('~/b/{project}/{environment}', paths, lower, all);
    assert.notEqual(a.toLowerCase(), b.toLowerCase(), 'distinct on a file system that ignores case');
    assert.equal(a, folder('~/b/{project}/{environment}', paths, live), 'the first one keeps its folder');
    assert.match(b, /live~[0-9a-f]{8}$/);
    assert.equal(b, folder('~/b/{project}/{environment}', paths, lower, [...all].reverse()), 'whatever the list order');
    // Projects "Shop" and "shop", and names that only differ in characters a folder cannot have, likewise.
    const p1 = folder('~/{project}', paths, { ...live, project: 'Shop' }, [{ ...live, project: 'shop' }]);
    const p2 = folder('~/{project}', paths, { ...live, project: 'shop' }, [{ ...live, project: 'Shop' }]);
    assert.notEqual(p1.toLowerCase(), p2.toLowerCase());
    const c1 = folder('~/{environment}', paths, { ...live, environment: 'a:b' }, [{ ...live, environment: 'a/b' }]);
    const c2 = folder('~/{environment}', paths, { ...live, environment: 'a/b' }, [{ ...live, environment: 'a:b' }]);
    assert.notEqual(c1, c2);
  });

  test(`${label}: environments share a folder on purpose when the setting does not name them apart`, () => {
    const live: Names = { project: 'Shop', environment: 'Live', database: 'shop' };
    const lower: Names = { project: 'Shop', environment: 'live', database: 'shop' };
    assert.equal(folder('~/b/{project}', paths, live, [live, lower]), folder('~/b/{project}', paths, lower, [live, lower]));
    assert.equal(folder('~/b/{environment}', paths, live, [live, { ...live }]), folder('~/b/{environment}', paths, live), 'the same names: the same folder');
  });
}
