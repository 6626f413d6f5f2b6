// Backups in a real extension host against the SQL Server test double served from this process: the Back Up
// command writes a .bacpac that the verifier accepts and the Backups view lists; cancelling during a slow
// table leaves neither the final file nor its .partial.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { verifyBacpac } from '../../../src/core/verify/verifyBacpac';
import type { BackupTreeElement } from '../../../src/vscode/backupsView';
import type { EnvironmentTreeElement } from '../../../src/vscode/environmentsView';
import { commandIds } from '../../../src/vscode/model/commandIds';
import { serveScenario } from '../support/doubleScenarios';
import { test } from './harness';
import { extensionApi, filesIn, saveEnvironment, startBackup, useTempBackupsFolder, waitFor } from './fixtures';

test('Back Up writes a .bacpac that verifies, and the Backups view lists it', async () => {
  const api = await extensionApi();
  const folderOf = await useTempBackupsFolder();
  const served = await serveScenario('normal', 'ext-backup-live');
  const env = await saveEnvironment(api, served, { project: 'Ext Backup', environment: 'Live' });
  try {
    const entry = await startBackup(api, env.id, commandIds.backUpEnvironment).finished();
    assert.equal(entry.outcome, 'succeeded', entry.message);
    assert.equal(entry.verified, true, 'verifyAfterBackup is on by default');
    const folder = folderOf(env);
    const path = entry.path ?? '';
    assert.ok(path.startsWith(folder), `${path} is not in ${folder}`);
    assert.deepEqual(filesIn(folder), [path.slice(folder.length + 1)], 'one final file, no .partial left');

    const report = await verifyBacpac(path);
    assert.equal(report.ok, true, JSON.stringify(report.errors.slice(0, 5)));
    assert.equal(report.databaseName, served.database);
    assert.ok(report.totalRows > 0, 'the backup holds rows');

    const folders = (await api.backupsView.getChildren()) as BackupTreeElement[];
    assert.ok(folders.some((f) => f.kind === 'folder' && f.folder === folder), 'the view resolves the folder from the setting');
    const ours = folders.find((f) => f.kind === 'folder' && f.environmentId === env.id);
    assert.ok(ours, `the Backups view has no folder ${folder}: ${folders.map((f) => f.label).join(', ')}`);
    const files = (await api.backupsView.getChildren(ours)) as BackupTreeElement[];
    const listed = files.find((f) => f.kind === 'file' && f.path === path);
    assert.ok(listed, `the Backups view does not list ${path}`);
    const item = api.backupsView.getTreeItem(listed);
    assert.equal(item.contextValue, 'backupFile');
    assert.equal(item.resourceUri?.fsPath, path);
  } finally {
    await api.store.remove(env.id);
    await served.close();
  }
}, { timeoutMs: 90_000 });

test('Cancel Backup during a slow table leaves no file, neither final nor .partial', async () => {
  const api = await extensionApi();
  const folderOf = await useTempBackupsFolder();
  const served = await serveScenario('slow', 'ext-cancel-live');
  const env = await saveEnvironment(api, served, { project: 'Ext Cancel', environment: 'Live' });
  const folder = folderOf(env);
  try {
    const backup = startBackup(api, env.id, commandIds.backUpEnvironment);
    // The tree item switches to its running form (the Cancel menu's context value) while the backup runs…
    await waitFor('the environment to show as running', async () => {
      const roots = (await api.environmentsView.getChildren()) as EnvironmentTreeElement[];
      const project = roots.find((r) => r.kind === 'project' && r.label === env.project);
      const children = project ? ((await api.environmentsView.getChildren(project)) as EnvironmentTreeElement[]) : [];
      return children.some((c) => api.environmentsView.getTreeItem(c).contextValue === 'cloudEnvironment.running');
    });
    // …and the package is being written once its .partial exists: cancel in the middle of the data.
    await waitFor('the .partial file', () => filesIn(folder).some((f) => f.endsWith('.partial')));
    await vscode.commands.executeCommand(commandIds.cancelBackup, env.id);
    const entry = await backup.finished(30_000);
    assert.equal(entry.outcome, 'cancelled', `${entry.outcome}: ${entry.message ?? ''}`);
    assert.deepEqual(filesIn(folder), [], `left behind in ${folder}`);
    assert.ok(served.server.connections.length > 0, 'the backup reached the double');
    await waitFor('every connection to close', () => served.server.connections.every((c) => c.closed), 10_000);
  } finally {
    await api.store.remove(env.id);
    await served.close();
  }
}, { timeoutMs: 90_000 });


test('deactivate() cancels a running backup and resolves only once its .partial is removed', async () => {
  const api = await extensionApi();
  const folderOf = await useTempBackupsFolder();
  const served = await serveScenario('slow', 'ext-deactivate-live');
  const env = await saveEnvironment(api, served, { project: 'Ext Deactivate', environment: 'Live' });
  const folder = folderOf(env);
  try {
    const backup = startBackup(api, env.id, commandIds.backUpEnvironment);
    await waitFor('the .partial file', () => filesIn(folder).some((f) => f.endsWith('.partial')));
    // What extension.ts's deactivate() awaits.
    await api.cancelRunningBackups();
    assert.deepEqual(filesIn(folder), [], `left behind in ${folder} when deactivate() resolved`);
    const entry = await backup.finished(30_000);
    assert.equal(entry.outcome, 'cancelled', `${entry.outcome}: ${entry.message ?? ''}`);
  } finally {
    await api.store.remove(env.id);
    await served.close();
  }
}, { timeoutMs: 90_000 });
