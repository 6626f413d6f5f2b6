// Pull to Local in a real extension host: a Cloud environment (the test double's Umbraco demo) is backed up and
// restored into a second double standing in for the person's local SQL Server, as one command; every table
// arrives with its rows, and no password lands in globalState. "Restore Backup Here…" on a second saved local
// database restores the same backup into it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandIds } from '../../../src/vscode/model/commandIds';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { startRestoreTarget } from '../../support/tds/database/restoreTargetServer';
import { serveScenario } from '../support/doubleScenarios';
import { test } from './harness';
import { extensionApi, saveEnvironment, useTempBackupsFolder, waitFor } from './fixtures';

test('Pull to Local backs up the environment and restores it into a local database, every table with its rows', async () => {
  const api = await extensionApi();
  await useTempBackupsFolder();
  const served = await serveScenario('normal', 'ext-pull-live');
  // The same generated database the scenario serves (generation is deterministic).
  const source = generateUmbracoDatabase({ scale: 0.05, databaseName: 'ext-pull-live' });
  const local = await startRestoreTarget({ model: source.model });
  const env = await saveEnvironment(api, served, { project: 'Ext Pull', environment: 'Live' });
  const target = await api.targets.save({ server: `tcp:127.0.0.1,${local.server.port}`, database: 'ext-pull-local', user: local.user, trustServerCertificate: true }, local.password);
  try {
    void vscode.commands.executeCommand(commandIds.pullToLocal, env.id, target.id).then(undefined, () => undefined);
    const restored = await waitFor('the restored database under its final name', () => local.databases.get('ext-pull-local'), 90_000);
    assert.equal(api.store.history(env.id)[0]?.outcome, 'succeeded');
    for (const table of source.model.tables) {
      assert.equal(restored.rows.get(`${table.schema}.${table.name}`.toLowerCase())?.length ?? 0, source.rowCount(table), `${table.schema}.${table.name}`);
    }
    assert.deepEqual([...local.databases.keys()], ['ext-pull-local'], 'no temporary database is left');
    const state = JSON.stringify(api.globalState.keys().map((k) => api.globalState.get(k)));
    assert.ok(!state.includes(local.password) && !state.includes(served.password), 'no password in globalState');

    // "Open Schema Script" on the backup the pull made: the T-SQL in a new SQL editor.
    await vscode.commands.executeCommand(commandIds.openSchemaScript, api.store.history(env.id)[0].path);
    const editor = await waitFor('the schema script editor', () => vscode.window.activeTextEditor?.document.languageId === 'sql' && vscode.window.activeTextEditor);
    assert.match(editor.document.getText(), /CREATE TABLE \[dbo\]\.\[umbracoNode\] \(/);
    assert.equal(editor.document.isUntitled, true);

    // "Restore Backup Here…" on another saved local database (the file given, as the dialog would): the same backup
    // restored into it through the same restore path.
    const here = await api.targets.save({ server: `tcp:127.0.0.1,${local.server.port}`, database: 'ext-pull-here', user: local.user, trustServerCertificate: true }, local.password);
    void vscode.commands.executeCommand(commandIds.restoreToLocalDatabase, here.id, api.store.history(env.id)[0].path).then(undefined, () => undefined);
    const again = await waitFor('the backup restored into the second local database', () => local.databases.get('ext-pull-here'), 90_000);
    for (const table of source.model.tables) {
      assert.equal(again.rows.get(`${table.schema}.${table.name}`.toLowerCase())?.length ?? 0, source.rowCount(table), `${table.schema}.${table.name} (restore here)`);
    }
    await api.targets.remove(here.id);
  } finally {
    await api.targets.remove(target.id);
    await api.store.remove(env.id);
    await served.close();
    await local.close();
  }
}, { timeoutMs: 150_000 });
