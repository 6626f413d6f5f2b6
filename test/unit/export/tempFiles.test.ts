import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentOwner, parseTempFileName, processIsAlive, removeStaleTempFiles, staleAfterMs, tempFileName } from '../../../src/core/export/tempFiles';

const final = 'live-2026-01-01-00.00.00.bacpac';

test('a temporary file names its owner and parses back; it never looks like a backup', () => {
  const owner = { host: '0a1b2c3d', pid: 4242 };
  const name = tempFileName(final, owner);
  assert.match(name, /^\.live-2026-01-01-00\.00\.00\.bacpac\.0a1b2c3d-4242-[0-9a-f]{8}\.partial$/);
  assert.deepEqual(parseTempFileName(name), { finalName: final, owner });
  assert.deepEqual(parseTempFileName(`.${final}.89abcdef.partial`), { finalName: final }, 'the format before owners were recorded');
  for (const other of [final, `.${final}`, `${final}.partial`, '.notes.txt.0a1b2c3d-1-89abcdef.partial', `.${final}.xyz.partial`]) {
    assert.equal(parseTempFileName(other), undefined, other);
  }
  assert.equal(currentOwner().pid, process.pid);
  assert.match(currentOwner().host, /^[0-9a-f]{8}$/);
});

test('processIsAlive tells a running process from one that ended', () => {
  assert.equal(processIsAlive(process.pid), true);
  assert.equal(processIsAlive(2 ** 22 + 12345), false, 'beyond pid_max: no such process');
});

test('removes leftovers of dead processes on this computer and anything untouched for a day; keeps live ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stale-temp-'));
  try {
    const me = { host: '0a1b2c3d', pid: 100 };
    const now = Date.now();
    const file = (name: string, bytes: number, ageMs = 0) => {
      writeFileSync(join(dir, name), Buffer.alloc(bytes));
      const t = new Date(now - ageMs);
      utimesSync(join(dir, name), t, t);
      return name;
    };
    const deadOwner = file(tempFileName(final, { host: me.host, pid: 200 }), 1000);
    const liveOwner = file(tempFileName(final, { host: me.host, pid: 300 }), 10);
    const ourOwn = file(tempFileName(final, me), 10);
    const otherComputerFresh = file(tempFileName(final, { host: 'ffffffff', pid: 200 }), 10);
    const otherComputerOld = file(tempFileName(final, { host: 'ffffffff', pid: 201 }), 20, staleAfterMs + 60_000);
    const legacyFresh = file(`.${final}.89abcdef.partial`, 10);
    const legacyOld = file(`.${final}.01234567.partial`, 30, staleAfterMs + 60_000);
    const liveButUntouched = file(tempFileName(final, { host: me.host, pid: 301 }), 40, staleAfterMs + 60_000);
    const notOurs = file('.something.partial', 10, staleAfterMs * 2);
    symlinkSync(join(dir, 'nowhere'), join(dir, tempFileName(final, { host: me.host, pid: 200 })));
    const outcome = await removeStaleTempFiles(dir, { owner: me, isAlive: (pid) => pid === 300 || pid === 301, now: () => now });
    assert.deepEqual(
      outcome.removed.map((r) => [r.path.slice(dir.length + 1), r.bytes]).sort(),
      [[deadOwner, 1000], [otherComputerOld, 20], [legacyOld, 30], [liveButUntouched, 40]].sort(),
    );
    assert.deepEqual(outcome.warnings, []);
    const left = readdirSync(dir);
    for (const kept of [liveOwner, ourOwn, otherComputerFresh, legacyFresh, notOurs]) assert.ok(left.includes(kept), kept);
    assert.equal(left.length, 6, 'the symlink is left alone as well');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder that does not exist yet has no leftovers', async () => {
  assert.deepEqual(await removeStaleTempFiles(join(tmpdir(), 'stale-temp-missing-x')), { removed: [], warnings: [] });
});
