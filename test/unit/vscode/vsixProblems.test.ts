import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vsixProblems, type VsixEntry } from '../../support/vsix/vsixProblems';

const file = (name: string, text = '', unixMode = 0o100644): VsixEntry => ({ name, data: Buffer.from(text), unixMode });
const clean = [file('extension.vsixmanifest'), file('extension/package.json'), file('extension/dist/extension.js', 'require("node:fs")'), file('extension/media/icon.png')];

test('a package of plain files, bundled JavaScript and media passes', () => {
  assert.deepEqual(vsixProblems(clean, ['/work/project']), []);
});

test('native modules are found by name, by folder and by how the bundle loads them', () => {
  const cases: [VsixEntry, RegExp][] = [
    [file('extension/dist/keytar.node'), /native module/],
    [file('extension/node_modules/x/prebuilds/linux-x64/x.glibc.node'), /native module/],
    [file('extension/node_modules/x/build/Release/addon.o'), /native module/],
    [file('extension/dist/lib.so'), /native module/],
    [file('extension/dist/extension.js', 'const a = require("./addon.node");'), /loads a native addon/],
    [file('extension/dist/cli.js', 'module.exports = require("node-gyp-build")(__dirname)'), /loads a native addon/],
    [file('extension/dist/cli.js', 'process.dlopen(module, p)'), /loads a native addon/],
  ];
  for (const [entry, expected] of cases) {
    const problems = vsixProblems([...clean, entry], []);
    assert.equal(problems.length, 1, `${entry.name}: ${problems.join('; ')}`);
    assert.match(problems[0], expected);
  }
});

test('paths that only work on Linux are found', () => {
  const cases: [VsixEntry[], RegExp][] = [
    [[file('extension/media/a:b.png')], /characters Windows forbids/],
    [[file('extension/media/what?.svg')], /characters Windows forbids/],
    [[file('extension/media/CON.svg')], /device name/],
    [[file('extension/media/aux')], /device name/],
    [[file('extension/media/icon. ')], /ends with a dot or space/],
    [[file('extension/media/Icon.png'), file('extension/media/icon.PNG')], /collides with/],
    [[file('extension/media/link.png', '', 0o120777)], /symbolic link/],
    [[file('extension/media\\icon.png')], /backslash/],
    [[file(`extension/${'a'.repeat(150)}.js`)], /too long/],
    [[file('extension/dist/extension.js', 'const root = "/work/project/src";')], /build machine's path/],
  ];
  for (const [entries, expected] of cases) {
    const problems = vsixProblems([...clean, ...entries], ['/work/project']);
    assert.ok(problems.length >= 1, entries[0].name);
    assert.match(problems.join('\n'), expected, entries[0].name);
  }
});
