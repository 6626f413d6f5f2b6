import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { settingsSection, defaultBackupSettings } from '../../../src/vscode/model/backupSettings';
import { backupContextValues } from '../../../src/vscode/model/backupsTree';
import { commandIds, paletteCommands, viewIds } from '../../../src/vscode/model/commandIds';
import { contextValues } from '../../../src/vscode/model/environmentsTree';
import { localTargetContextValue } from '../../../src/vscode/restore/localTargetsTree';

const root = resolve(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const contributes = pkg.contributes;

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

test('every command is contributed once, in the "Umbraco Cloud" category, and nothing else is', () => {
  const contributed = (contributes.commands as { command: string; title: string; category: string }[]).map((c) => c.command);
  assert.deepEqual([...contributed].sort(), Object.values(commandIds).sort());
  for (const c of contributes.commands) {
    assert.equal(c.category, '%command.category%', c.command);
    assert.match(c.title, /^%.+%$/, `${c.command} title is localized`);
  }
  assert.equal(nls['command.category'], 'Umbraco Cloud');
  assert.equal(nls['command.backup'], 'Backup Cloud Database');
});

test('every %key% in package.json has an English text in package.nls.json', () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 30);
  for (const key of keys) assert.ok(typeof nls[key] === 'string' && nls[key].length > 0, key);
});

test('item-only commands are hidden from the Command Palette', () => {
  const hidden = (contributes.menus.commandPalette as MenuItem[]).filter((m) => m.when === 'false').map((m) => m.command);
  const itemOnly = Object.values(commandIds).filter((id) => !paletteCommands.includes(id));
  assert.deepEqual([...hidden].sort(), [...itemOnly].sort());
});

test('activation comes from contributions only', () => {
  const events: string[] = pkg.activationEvents ?? [];
  assert.ok(!events.includes('*'));
});

test('the activity-bar container holds the Environments, Backups and Local Databases views, with an icon that exists', () => {
  const [container] = contributes.viewsContainers.activitybar;
  assert.equal(container.id, viewIds.container);
  assert.ok(existsSync(join(root, container.icon)), container.icon);
  assert.deepEqual(
    contributes.views[viewIds.container].map((v: { id: string }) => v.id),
    [viewIds.environments, viewIds.backups, viewIds.localDatabases],
  );
  const welcome = (view: string) => nls[contributes.viewsWelcome.find((w: { view: string }) => w.view === view).contents.slice(1, -1)];
  assert.ok(welcome(viewIds.environments).includes(`(command:${commandIds.addEnvironment})`));
  assert.ok(welcome(viewIds.localDatabases).includes(`[Add Local Database](command:${commandIds.addLocalDatabase})`));
  assert.equal(nls['view.localDatabases'], 'Local Databases');
  const title = (contributes.menus['view/title'] as MenuItem[]).filter((m) => m.when === `view == ${viewIds.localDatabases}`);
  assert.deepEqual(title.map((m) => `${m.command} ${m.group}`), [`${commandIds.addLocalDatabase} navigation@1`, `${commandIds.showLog} 9_log@1`]);
});

test('menus match the contextValues the tree models produce', () => {
  const known = new Set<string>([...Object.values(contextValues), ...Object.values(backupContextValues), localTargetContextValue]);
  const items = contributes.menus['view/item/context'] as MenuItem[];
  for (const item of items) {
    for (const [, value] of (item.when ?? '').matchAll(/viewItem == ([\w.]+)/g)) assert.ok(known.has(value), `${item.command}: ${value}`);
    for (const [, pattern] of (item.when ?? '').matchAll(/viewItem =~ \/(.+?)\//g)) {
      const re = new RegExp(pattern);
      assert.ok([...known].some((v) => re.test(v)), `${item.command}: /${pattern}/ matches nothing`);
    }
  }
  const exactly = (when: string | undefined, value: string) => new RegExp(`viewItem == ${value.replace('.', '\\.')}(\\s|$)`).test(when ?? '');
  const inline = (value: string) => items.filter((i) => i.group?.startsWith('inline') && exactly(i.when, value)).map((i) => i.command);
  assert.deepEqual(inline(contextValues.environment), [commandIds.backUpEnvironment]);
  assert.deepEqual(inline(contextValues.runningEnvironment), [commandIds.cancelBackup]);
  assert.deepEqual(inline(localTargetContextValue), [commandIds.editLocalDatabase]);
  const contextMenu = (value: string) =>
    items
      .filter((i) => !i.group?.startsWith('inline'))
      .filter((i) => {
        const when = i.when ?? '';
        return exactly(when, value) || [...when.matchAll(/viewItem =~ \/(.+?)\//g)].some(([, p]) => new RegExp(p).test(value));
      })
      .map((i) => i.command);
  assert.deepEqual(contextMenu(contextValues.environment), [
    commandIds.backUpEnvironment,
    commandIds.openBackupsFolder,
    commandIds.pullToLocal,
    commandIds.editEnvironment,
    commandIds.testConnection,
    commandIds.copyConnectionString,
    commandIds.removeEnvironment,
  ]);
  assert.deepEqual(contextMenu(backupContextValues.file), [
    commandIds.verifyBackupFile,
    commandIds.restoreBackup,
    commandIds.openSchemaScript,
    commandIds.revealBackupWindows,
    commandIds.revealBackupMac,
    commandIds.revealBackupLinux,
    commandIds.copyBackupPath,
    commandIds.deleteBackup,
  ]);
  assert.deepEqual(contextMenu(localTargetContextValue), [
    commandIds.restoreToLocalDatabase,
    commandIds.editLocalDatabase,
    commandIds.copyLocalConnectionString,
    commandIds.removeLocalDatabase,
  ]);
  for (const item of items.filter((i) => i.when?.includes(`viewItem == ${localTargetContextValue}`))) {
    assert.ok(item.when?.startsWith(`view == ${viewIds.localDatabases} && `), `${item.command} only in the Local Databases view`);
  }
});

test('settings cover every BackupSettings value with the same defaults and a description', () => {
  const properties = contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string }>;
  const declared = Object.keys(properties).map((k) => k.slice(settingsSection.length + 1));
  assert.deepEqual(declared.sort(), Object.keys(defaultBackupSettings).sort());
  for (const [key, value] of Object.entries(defaultBackupSettings)) {
    const property = properties[`${settingsSection}.${key}`];
    assert.deepEqual(property.default, value, key);
    assert.match(property.markdownDescription ?? '', /^%config\./, key);
  }
});

test('a folder not trusted cannot set any setting: each is user-only (application scope) or restricted', () => {
  const trust = pkg.capabilities.untrustedWorkspaces;
  // VS Code honours restrictedConfigurations only with "limited" support.
  assert.equal(trust.supported, 'limited');
  const restricted = new Set<string>(trust.restrictedConfigurations);
  const properties = contributes.configuration.properties as Record<string, { scope?: string }>;
  for (const [key, property] of Object.entries(properties)) {
    const userOnly = property.scope === 'machine' || property.scope === 'application';
    assert.ok(userOnly !== restricted.has(key), `${key}: scope ${property.scope ?? 'window'}, ${restricted.has(key) ? '' : 'not '}restricted`);
  }
  for (const key of ['backupsFolder', 'fileNamePattern', 'keepLast']) {
    // application, not machine: machine-scoped values in the user settings are ignored in remote windows and
    // code-server, where people set them today.
    assert.equal(properties[`${settingsSection}.${key}`].scope, 'application', `${key}: where backups go and what is deleted is the user's choice`);
  }
  for (const key of restricted) assert.ok(key in properties, `${key} is restricted but not contributed`);
});
