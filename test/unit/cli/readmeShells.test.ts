import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const readme = readFileSync(join(resolve(__dirname, '..', '..', '..', '..'), 'README.md'), 'utf8');
const blocks = (language: string) => [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const commandLines = (block: string) => block.split('\n').filter((l) => !/^\s*(#|::)/.test(l));

test('the README shows the CLI in PowerShell and cmd, not only in bash', () => {
  for (const language of ['powershell', 'bat']) {
    const code = blocks(language).join('\n');
    assert.match(code, /cloud-db-backup backup/, `${language} backup example`);
  }
  assert.match(blocks('powershell').join('\n'), /cloud-db-backup verify/);
  assert.match(blocks('bat').join('\n'), /cloud-db-backup verify/);
});

test('PowerShell examples use PowerShell syntax: $env:, backtick continuations, no bash-isms', () => {
  const code = blocks('powershell').map(commandLines).flat();
  assert.ok(code.some((l) => l.includes('$env:CLOUD_DB_PASSWORD')));
  for (const line of code) {
    assert.ok(!/\\$/.test(line), `bash line continuation in PowerShell: ${line}`);
    assert.ok(!/^\s*(export |[A-Z_]+=)/.test(line), `bash variable syntax in PowerShell: ${line}`);
    assert.ok(!/\^$/.test(line), `cmd continuation in PowerShell: ${line}`);
  }
});

test('cmd examples use cmd syntax: set, ^ continuations, %VARIABLE%, no PowerShell or bash', () => {
  const code = blocks('bat').map(commandLines).flat();
  assert.ok(code.some((l) => /^set (\/p )?"?CLOUD_DB_PASSWORD=/.test(l)));
  for (const line of code) {
    assert.ok(!/\$env:|`$/.test(line), `PowerShell syntax in cmd: ${line}`);
    assert.ok(!/\\$|^\s*export |\$HOME|~[\\/]/.test(line), `bash syntax in cmd: ${line}`);
    assert.ok(!/'[^']*;[^']*'/.test(line), `single quotes do not quote in cmd: ${line}`);
  }
});
