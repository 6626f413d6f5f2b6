import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix, win32 } from 'node:path';
import { longWindowsPathWarning, trimWindowsNames, windowsMaxPath } from '../../../src/core/files/platformPaths';

test('Windows drops trailing dots and spaces from every name in a folder, drive and UNC roots kept', () => {
  assert.equal(trimWindowsNames('C:\\Backups.\\Shop \\Live', win32), 'C:\\Backups\\Shop\\Live');
  assert.equal(trimWindowsNames('C:/Backups./Shop ', win32), 'C:\\Backups\\Shop');
  assert.equal(trimWindowsNames('\\\\server\\share\\backups. \\live', win32), '\\\\server\\share\\backups\\live');
  assert.equal(trimWindowsNames('C:\\', win32), 'C:\\');
  assert.equal(trimWindowsNames('C:\\...\\x', win32), 'C:\\_\\x');
});

test('on POSIX systems a trailing dot or space is part of the name and stays', () => {
  assert.equal(trimWindowsNames('/home/me/Backups./Shop ', posix), '/home/me/Backups./Shop ');
});

test('a Windows path of 260 characters or more gets a warning; POSIX paths and shorter ones do not', () => {
  const short = `C:\\${'b'.repeat(windowsMaxPath - 4)}`;
  assert.equal(short.length, windowsMaxPath - 1);
  assert.equal(longWindowsPathWarning(short, win32), undefined);
  const long = `${short}x`;
  assert.match(longWindowsPathWarning(long, win32) ?? '', /260 characters long.*shorter backups folder/);
  assert.equal(longWindowsPathWarning(`/${'b'.repeat(400)}`, posix), undefined);
});
