// The Environments view in a real extension host: environments saved through the extension's store show up
// in its tree data provider grouped by project, Umbraco's usual order first, with the menus' context values.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EnvironmentTreeElement } from '../../../src/vscode/environmentsView';
import { newEnvironmentId } from '../../../src/vscode/model/environmentStore';
import { test } from './harness';
import { extensionApi } from './fixtures';

const projects = ['Tree Test Shop', 'Tree Test Blog'];

function seed(project: string, environment: string, database: string) {
  return {
    id: newEnvironmentId(),
    project,
    environment,
    server: 'tcp:tree-test.database.windows.net,1433',
    database,
    login: `${database}-user`,
    options: { encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30 },
  };
}

test('the Environments tree shows saved environments grouped by project, Live before Staging before Development', async () => {
  const api = await extensionApi();
  const saved = [
    await api.store.save(seed(projects[0], 'Development', 'shop-dev'), { kind: 'forget' }),
    await api.store.save(seed(projects[0], 'Live', 'shop-live'), { kind: 'forget' }),
    await api.store.save(seed(projects[1], 'Live', 'blog-live'), { kind: 'forget' }),
    await api.store.save(seed(projects[0], 'Staging', 'shop-stage'), { kind: 'forget' }),
  ];
  try {
    const roots = (await api.environmentsView.getChildren()) as EnvironmentTreeElement[];
    const ours = roots.filter((r) => projects.includes(r.label));
    // Projects sort by name; environments inside by Umbraco Cloud's promotion order.
    assert.deepEqual(ours.map((p) => p.label), ['Tree Test Blog', 'Tree Test Shop']);
    const shop = ours[1];
    assert.equal(shop.kind, 'project');
    const children = (await api.environmentsView.getChildren(shop)) as EnvironmentTreeElement[];
    assert.deepEqual(children.map((c) => c.label), ['Live', 'Staging', 'Development']);

    const projectItem = api.environmentsView.getTreeItem(shop);
    assert.equal(projectItem.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.equal(projectItem.description, '3 environments');

    const live = api.environmentsView.getTreeItem(children[0]);
    assert.equal(live.collapsibleState, vscode.TreeItemCollapsibleState.None);
    // The value the Back Up / Edit / Remove menus in package.json match.
    assert.equal(live.contextValue, 'cloudEnvironment');
    assert.equal(live.description, 'shop-live · tcp:tree-test.database.windows.net,1433');
    assert.ok(live.tooltip instanceof vscode.MarkdownString);
    assert.match(live.tooltip.value, /Not backed up yet/);
    assert.equal((live.iconPath as vscode.ThemeIcon).id, 'database');
  } finally {
    for (const env of saved) await api.store.remove(env.id);
  }
  const after = (await api.environmentsView.getChildren()) as EnvironmentTreeElement[];
  assert.deepEqual(after.filter((r) => projects.includes(r.label)), [], 'removed environments leave the tree');
});

test('the tree data provider fires a change when an environment is saved', async () => {
  const api = await extensionApi();
  let fired = 0;
  const listener = api.environmentsView.onDidChangeTreeData(() => fired++);
  const env = await api.store.save(seed(projects[0], 'Live', 'shop-live'), { kind: 'forget' });
  try {
    assert.ok(fired >= 1, 'no onDidChangeTreeData after a save');
  } finally {
    listener.dispose();
    await api.store.remove(env.id);
  }
});
