import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultLockRetryDelaysMs,
  FileLockedError,
  lockErrorCodes,
  lockTolerant,
  removeIfPresent,
  retryWhileLocked,
} from '../../../src/core/files/lockedFileRetry';
import { instantSleep, lockedFiles } from '../../support/files/lockedFiles';

const windowsCodes = lockErrorCodes('win32');

function folderWith(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'locked-'));
  for (const name of names) writeFileSync(join(dir, name), 'x');
  return dir;
}

test('Windows lock codes are EPERM, EBUSY and EACCES; elsewhere only EBUSY (a permission error is not a lock)', () => {
  assert.deepEqual([...lockErrorCodes('win32')].sort(), ['EACCES', 'EBUSY', 'EPERM']);
  assert.deepEqual(lockErrorCodes('linux'), ['EBUSY']);
  assert.deepEqual(lockErrorCodes('darwin'), ['EBUSY']);
});

for (const code of ['EPERM', 'EBUSY', 'EACCES']) {
  test(`a rename locked (${code}) for the first 3 attempts succeeds on the 4th, each retry logged`, async () => {
    const dir = folderWith('a.partial');
    try {
      const fs = lockedFiles({ rename: 3 }, code);
      const { sleep, pauses } = instantSleep();
      const logs: string[] = [];
      const files = lockTolerant(fs, { codes: windowsCodes, sleep, log: (level, m) => logs.push(`${level} ${m}`) });
      await files.rename(join(dir, 'a.partial'), join(dir, 'a.bacpac'));
      assert.deepEqual(readdirSync(dir), ['a.bacpac']);
      assert.equal(fs.attempts.length, 4);
      assert.deepEqual(pauses, defaultLockRetryDelaysMs.slice(0, 3), 'growing pauses');
      assert.equal(logs.length, 3);
      assert.ok(logs.every((l) => l.startsWith('info ') && l.includes(code) && l.includes('a.partial')), logs.join('\n'));
      assert.match(logs[2], /retry 3 of 7/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a file that stays locked gives up after the bounded retries with a message naming the file and what to do', async () => {
  const dir = folderWith('old.bacpac');
  try {
    const fs = lockedFiles({ unlink: 1000 }, 'EPERM');
    const { sleep, pauses } = instantSleep();
    const logs: string[] = [];
    const files = lockTolerant(fs, { codes: windowsCodes, sleep, log: (level, m) => logs.push(`${level} ${m}`) });
    const error = await files.unlink(join(dir, 'old.bacpac')).then(
      () => assert.fail('should give up'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof FileLockedError);
    assert.equal(error.kind, 'io');
    assert.equal(error.code, 'EPERM');
    assert.equal(fs.attempts.length, defaultLockRetryDelaysMs.length + 1, 'bounded');
    assert.equal(pauses.reduce((a, b) => a + b, 0), defaultLockRetryDelaysMs.reduce((a, b) => a + b, 0));
    assert.match(error.message, /Could not remove .*old\.bacpac: another program still held it \(EPERM\) after 8 attempts/);
    assert.match(error.details.hint ?? '', /antivirus/);
    assert.equal((error.cause as NodeJS.ErrnoException).code, 'EPERM');
    assert.match(logs.at(-1) ?? '', /^warn Could not remove/);
    assert.deepEqual(readdirSync(dir), ['old.bacpac'], 'nothing else happened to the file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('errors that are not locks are thrown at once, without retrying', async () => {
  const dir = folderWith();
  try {
    const fs = lockedFiles({});
    const { sleep, pauses } = instantSleep();
    const files = lockTolerant(fs, { codes: windowsCodes, sleep });
    await assert.rejects(files.rename(join(dir, 'missing'), join(dir, 'x')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    assert.deepEqual(pauses, []);
    // On Linux and macOS a permission error is real: no retry.
    const eacces = lockedFiles({ rename: 1 }, 'EACCES');
    await assert.rejects(lockTolerant(eacces, { codes: lockErrorCodes('linux'), sleep }).rename('a', 'b'), (e: NodeJS.ErrnoException) => e.code === 'EACCES');
    assert.equal(eacces.attempts.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an abort stops the retries with the lock error', async () => {
  const abort = new AbortController();
  let attempts = 0;
  const error = await retryWhileLocked(
    { verb: 'rename', path: 'a', to: 'b' },
    async () => {
      attempts++;
      if (attempts === 2) abort.abort();
      throw Object.assign(new Error('busy'), { code: 'EBUSY' });
    },
    { codes: windowsCodes, sleep: async () => undefined, signal: abort.signal },
  ).catch((e: unknown) => e);
  assert.ok(error instanceof FileLockedError);
  assert.equal(attempts, 2);
});

test('removeIfPresent: a file already gone is fine; a locked one is retried', async () => {
  const dir = folderWith('t.partial');
  try {
    const fs = lockedFiles({ unlink: 2 }, 'EBUSY');
    const files = lockTolerant(fs, { codes: windowsCodes, sleep: instantSleep().sleep });
    await removeIfPresent(files, join(dir, 't.partial'));
    await removeIfPresent(files, join(dir, 't.partial'));
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(fs.attempts.length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wider port keeps its other operations: listing and file information pass through unchanged', async () => {
  const port = { ...lockedFiles({ unlink: 1 }), readdir: async (folder: string) => [`listed ${folder}`] };
  const files = lockTolerant(port, { codes: windowsCodes, sleep: instantSleep().sleep });
  assert.deepEqual(await files.readdir('C:\\Backups'), ['listed C:\\Backups']);
  await assert.rejects(files.unlink('/nonexistent/x'), (e: NodeJS.ErrnoException) => e.code === 'ENOENT', 'retried once, then the real error');
  assert.equal(port.attempts.length, 2);
});
