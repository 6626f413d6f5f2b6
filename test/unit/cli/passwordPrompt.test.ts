import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { BackupError } from '../../../src/core/errors';
import { passwordVariableHelp, promptPassword, type PromptInput } from '../../../src/cli/passwordPrompt';

/** A stand-in for stdin: a TTY or not, with or without raw mode, recording the raw-mode changes. */
class FakeInput extends EventEmitter implements PromptInput {
  rawModes: boolean[] = [];
  paused = true;
  setRawMode?: (mode: boolean) => unknown;
  constructor(
    readonly isTTY: boolean,
    rawMode: 'works' | 'missing' | 'throws' = 'works',
  ) {
    super();
    if (rawMode === 'works') this.setRawMode = (mode) => this.rawModes.push(mode);
    if (rawMode === 'throws') this.setRawMode = () => {
      throw new Error('EINVAL: raw mode not supported');
    };
  }
  setEncoding() {
    return this;
  }
  resume() {
    this.paused = false;
    return this;
  }
  pause() {
    this.paused = true;
    return this;
  }
  type(text: string) {
    this.emit('data', text);
  }
}

function output() {
  const written: string[] = [];
  return { written, write: (s: string | Uint8Array) => written.push(String(s)) > 0 };
}

test('typed on a raw terminal: nothing echoed, backspace (DEL or BS), arrow keys ignored, raw mode restored', async () => {
  const input = new FakeInput(true);
  const out = output();
  const answer = promptPassword('Password: ', input, out);
  input.type('s3cx\u007f');
  input.type('r\u001b[D\u001b[Ae');
  input.type('tx\b!\r');
  assert.equal(await answer, 's3cret!');
  assert.deepEqual(input.rawModes, [true, false]);
  assert.equal(input.paused, true);
  assert.ok(!out.written.join('').includes('s3c'), 'the password is never echoed');
});

test('Windows console keys: Enter as \\r\\n, Ctrl+Z ends the input, Ctrl+C cancels', async () => {
  const a = new FakeInput(true);
  const first = promptPassword('P: ', a, output());
  a.type('pässwörd\r\n');
  assert.equal(await first, 'pässwörd');
  const b = new FakeInput(true);
  const second = promptPassword('P: ', b, output());
  b.type('abc\u001a');
  assert.equal(await second, 'abc');
  const c = new FakeInput(true);
  const third = promptPassword('P: ', c, output());
  c.type('ab\u0003');
  await assert.rejects(third, (e: unknown) => e instanceof BackupError && e.kind === 'cancelled');
  assert.deepEqual(c.rawModes, [true, false]);
});

for (const [label, input] of [
  ['input is not a terminal (piped, or Git Bash without winpty)', () => new FakeInput(false)],
  ['a terminal without raw mode', () => new FakeInput(true, 'missing')],
  ['a terminal whose raw mode fails', () => new FakeInput(true, 'throws')],
] as const) {
  test(`${label}: refuses at once and says how to set the variable in PowerShell and cmd`, async () => {
    const out = output();
    const error = await promptPassword('Password: ', input(), out, { variable: 'SHOP_PW', platform: 'win32' }).then(
      () => assert.fail('should refuse'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BackupError);
    assert.equal(error.kind, 'invalid');
    assert.match(error.message, /environment variable SHOP_PW/);
    assert.match(error.details.hint ?? '', /\$env:SHOP_PW = Read-Host -MaskInput/);
    assert.match(error.details.hint ?? '', /set \/p SHOP_PW=/);
    assert.deepEqual(out.written, [], 'no prompt is shown that could not be answered');
  });
}

test('on Linux and macOS the help is the POSIX shell way, without echo', () => {
  assert.equal(passwordVariableHelp('CLOUD_DB_PASSWORD', 'linux').split('\n')[1].trim(), 'read -rs CLOUD_DB_PASSWORD && export CLOUD_DB_PASSWORD');
  assert.ok(!passwordVariableHelp('CLOUD_DB_PASSWORD', 'darwin').includes('$env:'));
});
