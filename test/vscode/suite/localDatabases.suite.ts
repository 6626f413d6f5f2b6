// The Local Databases view and its commands in a real extension host: Add Local Database opens the form and its
// Save (sent the way the page sends it) saves the target, the password in SecretStorage only; Edit with a blank
// password keeps the saved one; Remove asks in a modal naming database and server and deletes the secret too;
// Copy Connection String copies the umbracoDbDSN entry; the view lists what is saved and refreshes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LocalTargetFields } from '../../../src/shared/localTargetFormProtocol';
import type { FrontDoor } from '../../../src/vscode/activateFrontDoor';
import { commandIds } from '../../../src/vscode/model/commandIds';
import { localTargetPasswordKey } from '../../../src/vscode/restore/localTargets';
import type { LocalTargetNodeModel } from '../../../src/vscode/restore/localTargetsTree';
import { test } from './harness';
import { extensionApi, waitFor } from './fixtures';

const password = 'Ext-Local-Pa55!';
const fields: LocalTargetFields = { server: 'localhost,14339', database: 'ext-local-shop', login: 'restorer', password, trustServerCertificate: true };

/** Runs a command that opens a form and waits for that form; the command's own promise settles when it closes. */
async function openForm(api: FrontDoor, command: string, ...args: unknown[]) {
  const settled = vscode.commands.executeCommand(command, ...args);
  const form = await waitFor('the local database form to open', () => api.localForms.openForm(args[0] as string | undefined));
  await form.receive({ type: 'ready' });
  return { form, settled };
}

function viewNodes(api: FrontDoor): LocalTargetNodeModel[] {
  return api.localDatabasesView.getChildren() as LocalTargetNodeModel[];
}

test('Add Local Database: the form starts at localhost,1433 / sa, refuses LocalDB and Azure SQL, saves the target and the view lists it', async () => {
  const api = await extensionApi();
  let refreshed = 0;
  const listener = api.localDatabasesView.onDidChangeTreeData(() => refreshed++);
  const { form, settled } = await openForm(api, commandIds.addLocalDatabase);
  try {
    const init = form.posted.find((m) => m.type === 'init');
    assert.ok(init && init.type === 'init');
    assert.equal(init.mode, 'add');
    assert.deepEqual({ server: init.fields.server, login: init.fields.login }, { server: 'localhost,1433', login: 'sa' });

    await form.receive({ type: 'save', fields: { ...fields, server: '(localdb)\\MSSQLLocalDB' } });
    await form.receive({ type: 'save', fields: { ...fields, server: 'shop.database.windows.net' } });
    const refused = form.posted.filter((m) => m.type === 'validation').map((m) => m.type === 'validation' && m.issues[0]?.code);
    assert.deepEqual(refused, ['localDb', 'azureSql']);
    assert.equal(api.targets.list().filter((t) => t.database === fields.database).length, 0, 'nothing saved');

    await form.receive({ type: 'save', fields });
    const saved = api.targets.list().find((t) => t.database === fields.database);
    assert.ok(saved, 'the target is saved');
    assert.deepEqual(await settled, saved, 'the command resolves with the saved target (what Pull to Local goes on with)');
    assert.deepEqual({ ...saved, id: '' }, { id: '', server: 'localhost,14339', database: 'ext-local-shop', user: 'restorer', trustServerCertificate: true });
    assert.equal(api.localForms.openForm(), undefined, 'the form closed after saving');
    assert.equal(await api.targets.getPassword(saved.id), password);
    const state = JSON.stringify(api.globalState.keys().map((k) => api.globalState.get(k)));
    assert.ok(!state.includes(password), 'no password in globalState');

    assert.ok(refreshed >= 1, 'the view refreshed');
    const node = viewNodes(api).find((n) => n.targetId === saved.id);
    assert.ok(node, 'the view lists the new target');
    const item = api.localDatabasesView.getTreeItem(node);
    assert.equal(item.label, 'ext-local-shop');
    assert.equal(item.description, 'localhost,14339');
    assert.equal(item.contextValue, 'localDatabase');
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
    assert.match(item.tooltip.value, /Login: restorer/);
    assert.match(item.tooltip.value, /trusts any server certificate/);
  } finally {
    listener.dispose();
    for (const t of api.targets.list().filter((x) => x.database === fields.database)) await api.targets.remove(t.id);
  }
});

test('Edit Local Database: a blank password keeps the saved one, a new one replaces it', async () => {
  const api = await extensionApi();
  const target = await api.targets.save({ server: 'localhost,1433', database: 'ext-local-edit', user: 'sa', trustServerCertificate: false }, password);
  try {
    let { form, settled } = await openForm(api, commandIds.editLocalDatabase, target.id);
    const init = form.posted.find((m) => m.type === 'init');
    assert.ok(init?.type === 'init' && init.mode === 'edit' && init.passwordRemembered && init.fields.password === '', 'edit mode, password never sent to the page');
    await form.receive({ type: 'save', fields: { server: 'localhost,14330', database: 'ext-local-edit', login: 'restorer', password: '', trustServerCertificate: true } });
    await settled;
    assert.deepEqual(api.targets.get(target.id), { id: target.id, server: 'localhost,14330', database: 'ext-local-edit', user: 'restorer', trustServerCertificate: true });
    assert.equal(await api.targets.getPassword(target.id), password, 'the blank field kept the saved password');

    ({ form, settled } = await openForm(api, commandIds.editLocalDatabase, target.id));
    await form.receive({ type: 'save', fields: { server: 'localhost,14330', database: 'ext-local-edit', login: 'restorer', password: 'N3w-pass', trustServerCertificate: true } });
    await settled;
    assert.equal(await api.targets.getPassword(target.id), 'N3w-pass');
  } finally {
    await api.targets.remove(target.id);
  }
});

test('Remove Local Database asks in a modal naming database and server, then deletes the target and its password', async () => {
  const api = await extensionApi();
  const target = await api.targets.save({ server: 'localhost,1433', database: 'ext-local-remove', user: 'sa', trustServerCertificate: false }, password);
  const asked: { message: string; modal: boolean }[] = [];
  const original = vscode.window.showWarningMessage;
  // The modal cannot be clicked from here: answer it the way the person would, and record what it said.
  (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string, options: vscode.MessageOptions, ...items: string[]) => {
    asked.push({ message, modal: options?.modal === true });
    return asked.length === 1 ? undefined : items[0];
  };
  try {
    await vscode.commands.executeCommand(commandIds.removeLocalDatabase, target.id);
    assert.ok(api.targets.get(target.id), 'dismissing the modal keeps the target');
    await vscode.commands.executeCommand(commandIds.removeLocalDatabase, viewNodes(api).find((n) => n.targetId === target.id));
    assert.deepEqual(asked.map((a) => a.modal), [true, true]);
    assert.equal(asked[0].message, 'Remove the local database ext-local-remove on localhost,1433?');
    assert.equal(api.targets.get(target.id), undefined, 'the target is gone');
    assert.equal(await api.targets.getPassword(target.id), undefined, 'its password is deleted from SecretStorage');
    assert.ok(!viewNodes(api).some((n) => n.targetId === target.id), 'the view no longer lists it');
    assert.ok(localTargetPasswordKey(target.id).includes(target.id));
  } finally {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    await api.targets.remove(target.id);
  }
});

test('Copy Connection String on a Local Database copies the umbracoDbDSN entry for appsettings.json, without the password', async () => {
  const api = await extensionApi();
  const target = await api.targets.save({ server: 'tcp:localhost,1433', database: 'ext-local-copy', user: 'sa', trustServerCertificate: true }, password);
  try {
    await vscode.commands.executeCommand(commandIds.copyLocalConnectionString, target.id);
    const copied = await vscode.env.clipboard.readText();
    assert.equal(copied, '"umbracoDbDSN": "Server=localhost,1433;Database=ext-local-copy;User Id=sa;Password=<password>;Encrypt=True;TrustServerCertificate=True",\n"umbracoDbDSN_ProviderName": "Microsoft.Data.SqlClient"');
    assert.ok(!copied.includes(password));
  } finally {
    await api.targets.remove(target.id);
  }
});
