// Back Up All in a real extension host against three test doubles: a project's Live and Development succeed,
// its Staging is behind a firewall; the command (as the project node's menu runs it) backs up all three one after
// another, the failing one does not stop the others, each file verifies, and every result comes back (the
// summary's wording is the view-model's, tested in test/unit/vscode/backUpAll.test.ts; the UI test shows it).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { verifyBacpac } from '../../../src/core/verify/verifyBacpac';
import type { EnvironmentTreeElement } from '../../../src/vscode/environmentsView';
import type { BackUpAllEntry } from '../../../src/vscode/model/backUpAll';
import { commandIds } from '../../../src/vscode/model/commandIds';
import { blockedClientIp, serveScenario } from '../support/doubleScenarios';
import { test } from './harness';
import { extensionApi, filesIn, saveEnvironment, useTempBackupsFolder } from './fixtures';

test('Back Up All on a project: one failing environment does not stop the others, and each result comes back', async () => {
  const api = await extensionApi();
  const folderOf = await useTempBackupsFolder();
  const served = [await serveScenario('normal', 'all-live'), await serveScenario('firewall', 'all-staging'), await serveScenario('normal', 'all-dev')];
  const names = ['Live', 'Staging', 'Development'];
  const envs = [];
  for (const [i, s] of served.entries()) envs.push(await saveEnvironment(api, s, { project: 'Ext All', environment: names[i] }));
  try {
    const roots = (await api.environmentsView.getChildren()) as EnvironmentTreeElement[];
    const project = roots.find((r) => r.kind === 'project' && r.label === 'Ext All');
    assert.ok(project, 'the project node');
    assert.equal(api.environmentsView.getTreeItem(project).contextValue, 'cloudProject', 'the node the Back Up All menu is on');

    const entries = (await vscode.commands.executeCommand(commandIds.backUpAll, project)) as BackUpAllEntry[];
    assert.deepEqual(entries.map((e) => `${e.env.environment} ${e.status}`), ['Live succeeded', 'Staging failed', 'Development succeeded']);
    for (const [i, env] of envs.entries()) {
      const files = filesIn(folderOf(env));
      if (i === 1) {
        assert.deepEqual(files, [], 'the blocked environment left nothing');
        continue;
      }
      assert.equal(files.length, 1, `${env.environment}: ${files.join(', ')}`);
      const report = await verifyBacpac(`${folderOf(env)}/${files[0]}`);
      assert.equal(report.ok, true, JSON.stringify(report.errors.slice(0, 3)));
    }
    assert.deepEqual(envs.map((e) => api.store.history(e.id)[0]?.outcome), ['succeeded', 'failed', 'succeeded']);
    // The entries come from the extension's bundle, whose BackupError class is not this bundle's: compare shapes.
    const failed = entries[1] as { error?: { kind?: string; details?: { clientIp?: string } } };
    assert.equal(failed.error?.kind, 'firewall');
    assert.equal(failed.error?.details?.clientIp, blockedClientIp);
    assert.ok(served[1].server.connections.length > 0 && served[2].server.connections.length > 0, 'the one after the failure was reached');
  } finally {
    for (const env of envs) await api.store.remove(env.id);
    for (const s of served) await s.close();
  }
}, { timeoutMs: 120_000 });
