import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWindowsDeviceStem, maxNameBytes, safeFolderName } from '../../../src/core/files/safeNames';

const devices = ['CON', 'PRN', 'AUX', 'NUL', 'COM1', 'COM9', 'LPT1', 'LPT9', 'COM0', 'LPT¹', 'CONIN$', 'CONOUT$'];

test('device names are recognised in any case and with spaces before the dot; longer names are not devices', () => {
  for (const name of devices) {
    assert.ok(isWindowsDeviceStem(name), name);
    assert.ok(isWindowsDeviceStem(name.toLowerCase()), name.toLowerCase());
    assert.ok(isWindowsDeviceStem(`${name}  `), `${name} with spaces`);
  }
  for (const name of ['CONSOLE', 'COM10', 'LPT', 'NULL', 'AUX1', 'CON-2026', ' CON', 'COM']) assert.ok(!isWindowsDeviceStem(name), name);
});

test('forbidden characters and control characters never reach a folder name', () => {
  assert.equal(safeFolderName('a<b>c:d"e/f\\g|h?i*j'), 'a_b_c_d_e_f_g_h_i_j');
  assert.equal(safeFolderName('tab\there\u0000nul\u001fus'), 'tab_here_nul_us');
});

test('trailing dots and spaces go (Windows drops them); leading dots become visible; empty is "_"', () => {
  assert.equal(safeFolderName('Live. '), 'Live');
  assert.equal(safeFolderName('Live...'), 'Live');
  assert.equal(safeFolderName('.hidden'), '_hidden');
  assert.equal(safeFolderName('..staging'), '__staging');
  assert.equal(safeFolderName('..'), '_');
  assert.equal(safeFolderName('.'), '_');
  assert.equal(safeFolderName(' . '), '_');
  assert.equal(safeFolderName(''), '_');
});

test('device names as folder names get a suffix, with or without an extension', () => {
  assert.equal(safeFolderName('CON'), 'CON_');
  assert.equal(safeFolderName('nul'), 'nul_');
  assert.equal(safeFolderName('COM1'), 'COM1_');
  assert.equal(safeFolderName('lpt9.live'), 'lpt9_.live');
  assert.equal(safeFolderName('AUX.'), 'AUX_', 'the trailing dot goes first, then AUX is a device');
  assert.equal(safeFolderName('Console'), 'Console');
  assert.equal(safeFolderName('COM10'), 'COM10');
});

test('a name longer than file systems allow is shortened with a hash, so two long names stay apart', () => {
  const a = safeFolderName('Å'.repeat(200) + 'one');
  const b = safeFolderName('Å'.repeat(200) + 'two');
  assert.ok(Buffer.byteLength(a) <= maxNameBytes, `${Buffer.byteLength(a)} bytes`);
  assert.notEqual(a, b);
  assert.match(a, /^Å+~[0-9a-f]{8}$/);
  assert.equal(safeFolderName('Å'.repeat(200) + 'one'), a, 'stable');
});
