// Passwords live in SecretStorage only. After an environment is saved with a remembered password and used
// (Test Connection, a backup), the password is readable through SecretStorage but appears nowhere in the
// extension's globalState, its settings, the workspace settings file, or its log.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { commandIds } from '../../../src/vscode/model/commandIds';
import { serveScenario } from '../support/doubleScenarios';
import { test } from './harness';
import { extensionApi, saveEnvironment, startBackup, useTempBackupsFolder, waitFor } from './fixtures';

const LOG_CHANNEL = 'Cloud Database Backup';

function outputDocument(name: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.uri.path.includes(name));
}

test('a remembered password is in SecretStorage only: not in globalState, settings or the log', async () => {
  const api = await extensionApi();
  await useTempBackupsFolder();
  const served = await serveScenario('normal', 'ext-secrets-live');
  const env = await saveEnvironment(api, served, { project: 'Ext Secrets', environment: 'Live' });
  try {
    assert.equal(await api.store.getPassword(env.id), served.password, 'the password is remembered in SecretStorage');

    // Use it, so the log has something to say about this environment.
    await vscode.commands.executeCommand(commandIds.testConnection, env.id);
    const entry = await startBackup(api, env.id, commandIds.backUpEnvironment).finished();
    assert.equal(entry.outcome, 'succeeded', entry.message);

    const state = api.globalState.keys().map((key) => `${key}=${JSON.stringify(api.globalState.get(key))}`).join('\n');
    assert.ok(state.includes(served.database), 'the environment itself is in globalState');
    assert.ok(!state.includes(served.password), 'the password is in globalState');

    const settings = JSON.stringify(vscode.workspace.getConfiguration('cloudDatabaseBackup'));
    assert.ok(!settings.includes(served.password), 'the password is in the cloudDatabaseBackup settings');
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      let text = '';
      try {
        text = readFileSync(join(folder.uri.fsPath, '.vscode', 'settings.json'), 'utf8');
      } catch {
        continue; // no workspace settings file: nothing written there
      }
      assert.ok(!text.includes(served.password), `the password is in ${folder.name}/.vscode/settings.json`);
    }

    await vscode.commands.executeCommand(commandIds.showLog);
    const log = await waitFor('the log to mention the finished backup', () => {
      const text = outputDocument(LOG_CHANNEL)?.getText() ?? '';
      return text.includes('Connection test to') && text.includes('Backup of Ext Secrets / Live finished') ? text : undefined;
    }, 15_000);
    assert.ok(!log.includes(served.password), 'the password is in the log');
  } finally {
    await api.store.remove(env.id);
    assert.equal(await api.store.getPassword(env.id), undefined, 'removing the environment deletes its password');
    await served.close();
  }
}, { timeoutMs: 90_000 });
