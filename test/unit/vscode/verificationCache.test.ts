import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerificationCache, verificationCacheLimit } from '../../../src/vscode/model/verificationCache';
import { FakeMemento } from './fakes';

const record = (checkedAt: number, ok = true) => ({ ok, errors: ok ? 0 : 1, warnings: 0, checkedAt });

test('results are keyed by path and modification time', async () => {
  const cache = new VerificationCache(new FakeMemento());
  await cache.set({ path: '/b/x.bacpac', mtimeMs: 1000.7 }, record(1));
  assert.deepEqual(cache.get({ path: '/b/x.bacpac', mtimeMs: 1000.2 }), record(1), 'sub-millisecond noise is ignored');
  assert.equal(cache.get({ path: '/b/x.bacpac', mtimeMs: 2000 }), undefined, 'a rewritten file is unverified');
  assert.equal(cache.get({ path: '/b/y.bacpac', mtimeMs: 1000 }), undefined);
});

test('forget drops every version of a path; paths with colons stay intact', async () => {
  const cache = new VerificationCache(new FakeMemento());
  await cache.set({ path: 'C:\\b\\x.bacpac', mtimeMs: 1 }, record(1));
  await cache.set({ path: 'C:\\b\\x.bacpac', mtimeMs: 2 }, record(2));
  await cache.set({ path: 'C:\\b\\y.bacpac', mtimeMs: 1 }, record(3));
  await cache.forget('C:\\b\\x.bacpac');
  assert.equal(cache.get({ path: 'C:\\b\\x.bacpac', mtimeMs: 1 }), undefined);
  assert.equal(cache.get({ path: 'C:\\b\\x.bacpac', mtimeMs: 2 }), undefined);
  assert.deepEqual(cache.get({ path: 'C:\\b\\y.bacpac', mtimeMs: 1 }), record(3));
});

test('the cache is bounded; the oldest results go first', async () => {
  const cache = new VerificationCache(new FakeMemento());
  for (let i = 0; i < verificationCacheLimit + 3; i++) await cache.set({ path: `/b/${i}.bacpac`, mtimeMs: 1 }, record(i));
  assert.equal(cache.get({ path: '/b/0.bacpac', mtimeMs: 1 }), undefined);
  assert.deepEqual(cache.get({ path: `/b/${verificationCacheLimit + 2}.bacpac`, mtimeMs: 1 }), record(verificationCacheLimit + 2));
});
