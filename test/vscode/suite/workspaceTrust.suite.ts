// A cloned repository's .vscode/settings.json must not decide where backups go, what they keep or what they
// hold. Runs twice (runExtensionTests.mjs): in the trusted pass the folder's restricted settings apply (proof
// that VS Code read the file) while the user-only ones are still ignored; in the untrusted pass none applies.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatBackupFileName } from '../../../src/core/export/fileNames';
import { commandIds } from '../../../src/vscode/model/commandIds';
import { serveScenario } from '../support/doubleScenarios';
import { test } from './harness';
import { extensionApi, filesIn, saveEnvironment, startBackup, useTempBackupsFolder, waitFor } from './fixtures';

/** Written to the workspace's settings file next to ours; once VS Code reports it, it has read the file. */
const marker = { section: 'editor', key: 'tabSize', value: 7 };

test("a folder's own settings cannot move backups, delete them, or thin them out; untrusted, none applies (workspace trust)", async () => {
  const api = await extensionApi();
  const folderOf = await useTempBackupsFolder();
  const workspace = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  assert.ok(workspace, 'the tier opens a local workspace folder');
  const served = await serveScenario('normal', 'ext-trust-live');
  const env = await saveEnvironment(api, served, { project: 'Ext Trust', environment: 'Live' });
  const folder = folderOf(env);
  const intoRepository = join(workspace, 'backups-in-the-repository');
  const settingsDir = join(workspace, '.vscode');
  const trusted = vscode.workspace.isTrusted;
  // runExtensionTests.mjs says which pass this is: make sure the folder really is in the state tested.
  const expected = process.env.CDB_EXT_TEST_WORKSPACE;
  if (expected) assert.equal(trusted, expected === 'trusted', `the ${expected} pass runs in a folder that is ${trusted ? '' : 'not '}trusted`);
  try {
    // Two earlier backups in the person's folder, which a keepLast of 1 from the folder would delete.
    mkdirSync(folder, { recursive: true });
    const earlier = [1, 2].map((day) => formatBackupFileName(undefined, served.database, new Date(2020, 0, day, 12, 0, 0)));
    for (const name of earlier) writeFileSync(join(folder, name), 'an earlier backup');

    mkdirSync(settingsDir, { recursive: true });
    writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify({
      'cloudDatabaseBackup.backupsFolder': intoRepository,
      'cloudDatabaseBackup.fileNamePattern': 'stolen-{database}-{yyyy}{MM}{dd}{HH}{mm}{ss}.bacpac',
      'cloudDatabaseBackup.keepLast': 1,
      'cloudDatabaseBackup.excludeTableData': ['*'],
      'cloudDatabaseBackup.verifyAfterBackup': false,
      [`${marker.section}.${marker.key}`]: marker.value,
    }, null, 2));
    await waitFor('VS Code to read the folder settings', () => vscode.workspace.getConfiguration(marker.section).inspect(marker.key)?.workspaceValue === marker.value);

    const entry = await startBackup(api, env.id, commandIds.backUpEnvironment).finished();
    assert.equal(entry.outcome, 'succeeded', entry.message);
    const path = entry.path ?? '';
    assert.ok(path.startsWith(folder + '/'), `the backup went to ${path}, not to the user's folder ${folder}`);
    assert.match(path.slice(folder.length + 1), new RegExp(`^${served.database}-\\d{4}-\\d{2}-\\d{2}-\\d{2}\\.\\d{2}\\.\\d{2}\\.bacpac$`), "the user's file name pattern");
    assert.equal(existsSync(intoRepository), false, 'nothing was written into the repository');
    assert.deepEqual(filesIn(folder), [...earlier, path.slice(folder.length + 1)].sort(), "the folder's keepLast deleted nothing");

    if (trusted) {
      // Restricted settings do apply in a folder the person trusts: the file was read and is honoured.
      assert.equal(entry.verified, false, 'verifyAfterBackup false from the trusted folder');
      assert.equal(entry.totalRows, 0, 'excludeTableData ["*"] from the trusted folder');
    } else {
      assert.equal(entry.verified, true, "an untrusted folder's verifyAfterBackup false is ignored");
      assert.ok((entry.totalRows ?? 0) > 0, `an untrusted folder's excludeTableData is ignored: ${entry.totalRows} rows`);
    }
  } finally {
    rmSync(settingsDir, { recursive: true, force: true });
    await waitFor('VS Code to drop the folder settings', () => vscode.workspace.getConfiguration(marker.section).inspect(marker.key)?.workspaceValue === undefined).catch(() => undefined);
    await api.store.remove(env.id);
    await served.close();
  }
}, { timeoutMs: 90_000 });
