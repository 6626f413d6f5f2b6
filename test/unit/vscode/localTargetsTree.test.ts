import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishL10n } from '../../../src/vscode/model/l10n';
import { localTargetIdOf } from '../../../src/vscode/model/commandArguments';
import { LocalTargetStore } from '../../../src/vscode/restore/localTargets';
import { buildLocalTargetTree, localTargetContextValue } from '../../../src/vscode/restore/localTargetsTree';
import { FakeMemento, FakeSecrets } from './fakes';

const target = (id: string, database: string, server: string, trust = false) => ({ id, database, server, user: 'sa_*', trustServerCertificate: trust });

test('each local database shows its database as label, its server as description, login and certificate in the tooltip', () => {
  const [checked, trusted] = buildLocalTargetTree([target('1', 'shop-local', 'localhost,1433'), target('2', 'blog_local', 'tcp:127.0.0.1,14330', true)], englishL10n);
  assert.equal(checked.kind, 'localTarget');
  assert.equal(checked.key, 'localTarget:1');
  assert.equal(checked.targetId, '1');
  assert.equal(checked.label, 'shop-local');
  assert.equal(checked.description, 'localhost,1433');
  assert.equal(checked.contextValue, localTargetContextValue);
  assert.deepEqual(checked.icon, { id: 'database' });
  assert.match(checked.tooltip, /Login: sa\\_\\\*/, 'the login, markdown escaped');
  assert.match(checked.tooltip, /Server: localhost,1433/);
  assert.match(checked.tooltip, /Encrypt: Mandatory {2}$/m);
  assert.ok(!checked.tooltip.includes('certificate'), 'a checked certificate needs no word');
  assert.match(trusted.tooltip, /Encrypt: Mandatory · trusts any server certificate/);
  assert.match(trusted.tooltip, /⚠ The server certificate is not checked: the connection could be intercepted\./);
  assert.equal(trusted.icon.color, 'list.warningForeground');
  assert.match(trusted.tooltip, /\*\*blog\\_local\*\*/);
});

test('the tree lists what the store holds, sorted, and the store tells the view when it changes', async () => {
  const store = new LocalTargetStore(new FakeMemento(), new FakeSecrets());
  let changes = 0;
  const unsubscribe = store.onDidChange(() => changes++);
  const b = await store.save({ server: 'localhost,1433', database: 'b-site', user: 'sa', trustServerCertificate: false }, 'pw');
  await store.save({ server: 'localhost,1433', database: 'a-site', user: 'sa', trustServerCertificate: false }, 'pw');
  assert.equal(changes, 2);
  assert.deepEqual(buildLocalTargetTree(store.list(), englishL10n).map((n) => n.label), ['a-site', 'b-site']);
  await store.remove(b.id);
  assert.equal(changes, 3);
  unsubscribe();
  await store.remove(store.list()[0].id);
  assert.equal(changes, 3, 'no call after unsubscribing');
  assert.deepEqual(buildLocalTargetTree(store.list(), englishL10n), []);
});

test('local database commands take a node of the view or an id, and nothing else', () => {
  const [node] = buildLocalTargetTree([target('t-1', 'd', 'localhost')], englishL10n);
  assert.equal(localTargetIdOf(node), 't-1');
  assert.equal(localTargetIdOf('t-2'), 't-2');
  assert.equal(localTargetIdOf({ kind: 'environment', environmentId: 'e' }), undefined);
  assert.equal(localTargetIdOf(undefined), undefined);
});
