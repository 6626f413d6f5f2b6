// Scheduled backups in a real extension host: an environment whose schedule is due runs on its own (after the
// start-up delay, or at once when the first check has passed), without a password prompt, under the lock, and
// records its result; the tree then shows it as backed up "just now" and no longer overdue.
import * as assert from 'node:assert/strict';
import type { EnvironmentTreeElement } from '../../../src/vscode/environmentsView';
import { serveScenario } from '../support/doubleScenarios';
import { test } from './harness';
import { extensionApi, filesIn, saveEnvironment, useTempBackupsFolder, waitFor } from './fixtures';

test('a due scheduled backup runs by itself and the tree shows it', async () => {
  const api = await extensionApi();
  const folderOf = await useTempBackupsFolder();
  const served = await serveScenario('normal', 'ext-schedule-live');
  const saved = await saveEnvironment(api, served, { project: 'Ext Schedule', environment: 'Live' });
  // Switched on two hours ago, every hour: due now (and overdue), as after VS Code was closed for a while.
  const env = await api.store.save({ ...saved, schedule: { kind: 'interval', hours: 1, since: Date.now() - 2 * 3_600_000 } }, { kind: 'keep' });
  const node = async () => {
    const roots = (await api.environmentsView.getChildren()) as EnvironmentTreeElement[];
    const project = roots.find((r) => r.kind === 'project' && r.label === 'Ext Schedule');
    const children = project ? ((await api.environmentsView.getChildren(project)) as EnvironmentTreeElement[]) : [];
    return children.find((c) => c.kind === 'environment' && c.environmentId === env.id);
  };
  try {
    assert.match(String((await node())?.description), /overdue/, 'due for an hour: overdue before it runs');
    // The scheduler's first check comes a minute after activation; later checks see a saved schedule at once.
    const entry = await waitFor('the scheduled backup to be recorded', () => api.store.history(env.id)[0], 100_000);
    assert.equal(entry.outcome, 'succeeded', entry.message);
    assert.deepEqual(filesIn(folderOf(env)).filter((f) => f.endsWith('.bacpac')).length, 1);
    assert.deepEqual(filesIn(folderOf(env)).filter((f) => !f.endsWith('.bacpac')), [], 'no lock or partial left behind');
    // The history is written just before the runner lets go of the environment: wait for the tree to settle.
    await waitFor('the tree to show the backup as "just now"', async () => /just now$/.test(String((await node())?.description)), 10_000);
  } finally {
    await api.store.remove(env.id);
    await served.close();
  }
}, { timeoutMs: 120_000 });
