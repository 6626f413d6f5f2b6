import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix, win32 } from 'node:path';
import { resolveCliPath } from '../../../src/cli/cliPaths';

const windows = { home: 'C:\\Users\\Ada', cwd: 'D:\\work', path: win32 };
const linux = { home: '/home/ada', cwd: '/work', path: posix };

test('path.win32: ~ is home (cmd and PowerShell pass it through), relative is from the current folder', () => {
  assert.equal(resolveCliPath('~\\backups', windows), 'C:\\Users\\Ada\\backups');
  assert.equal(resolveCliPath('~/backups', windows), 'C:\\Users\\Ada\\backups');
  assert.equal(resolveCliPath('~', windows), 'C:\\Users\\Ada');
  assert.equal(resolveCliPath('.', windows), 'D:\\work');
  assert.equal(resolveCliPath('backups\\live', windows), 'D:\\work\\backups\\live');
  assert.equal(resolveCliPath('E:/backups/live', windows), 'E:\\backups\\live');
  assert.equal(resolveCliPath('\\\\nas\\share\\backups', windows), '\\\\nas\\share\\backups');
  assert.equal(resolveCliPath('E:\\backups. \\live.', windows), 'E:\\backups\\live');
  assert.equal(resolveCliPath('~other\\x', windows), 'D:\\work\\~other\\x', 'only ~ alone is home');
});

test('path.posix: the same rules, and names keep their trailing dots', () => {
  assert.equal(resolveCliPath('~/backups', linux), '/home/ada/backups');
  assert.equal(resolveCliPath('backups', linux), '/work/backups');
  assert.equal(resolveCliPath('/srv/backups./x', linux), '/srv/backups./x');
});
