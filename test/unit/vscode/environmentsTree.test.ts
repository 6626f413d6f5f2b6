import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import type { HistoryEntry } from '../../../src/vscode/model/environmentStore';
import { buildEnvironmentTree, contextValues } from '../../../src/vscode/model/environmentsTree';
import { englishL10n } from '../../../src/vscode/model/l10n';

function env(id: string, project: string, environment: string): CloudEnvironment {
  return {
    id,
    project,
    environment,
    server: `${project.toLowerCase()}.database.windows.net`,
    database: `${project.toLowerCase()}-${environment.toLowerCase()}`,
    login: 'login_*',
    options: { encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30 },
  };
}

const noHistory = { running: new Set<string>(), history: () => [] as HistoryEntry[] };

test('groups environments by project, projects by name, environments Live → Staging → Development → others', () => {
  const tree = buildEnvironmentTree(
    [env('1', 'Zoo', 'Development'), env('2', 'Shop', 'Test'), env('3', 'Shop', 'Development'), env('4', 'Shop', 'Live'), env('5', 'Shop', 'Staging')],
    noHistory,
    englishL10n,
  );
  assert.deepEqual(tree.map((p) => p.label), ['Shop', 'Zoo']);
  assert.deepEqual(tree[0].children.map((e) => e.label), ['Live', 'Staging', 'Development', 'Test']);
  assert.equal(tree[0].description, '4 environments');
  assert.equal(tree[1].description, '1 environment');
  assert.equal(tree[0].contextValue, contextValues.project);
});

test('each environment shows database and server, and a tooltip with details', () => {
  const [project] = buildEnvironmentTree([env('4', 'Shop', 'Live')], noHistory, englishL10n);
  const node = project.children[0];
  assert.equal(node.description, 'shop-live · shop.database.windows.net');
  assert.equal(node.contextValue, 'cloudEnvironment');
  assert.equal(node.environmentId, '4');
  assert.equal(node.key, 'environment:4');
  assert.equal(node.icon.id, 'database');
  assert.match(node.tooltip, /Database: shop-live/);
  assert.match(node.tooltip, /login\\_\\\*/, 'markdown in names is escaped');
  assert.match(node.tooltip, /Not backed up yet/);
});

test('a running backup changes icon, description and contextValue (Cancel instead of Back Up)', () => {
  const [project] = buildEnvironmentTree([env('4', 'Shop', 'Live')], { running: new Set(['4']), history: () => [] }, englishL10n);
  const node = project.children[0];
  assert.equal(node.contextValue, contextValues.runningEnvironment);
  assert.equal(node.icon.id, 'sync~spin');
  assert.match(node.description, /backing up/);
});

test('the last backup shows in the tooltip; a failed one also in the icon', () => {
  const ok: HistoryEntry = { finishedAt: Date.UTC(2026, 10, 26, 4, 0), outcome: 'succeeded', bytes: 5 * 1024 * 1024, durationMs: 65_000, verified: true };
  const failed: HistoryEntry = { finishedAt: Date.UTC(2026, 10, 26, 5, 0), outcome: 'failed', errorKind: 'login', message: 'Login failed' };
  let [project] = buildEnvironmentTree([env('4', 'Shop', 'Live')], { running: new Set(), history: () => [ok] }, englishL10n);
  assert.match(project.children[0].tooltip, /Last backup: .*5\.00 MB in 1 min 5 s, verified/);
  assert.equal(project.children[0].icon.id, 'database');
  [project] = buildEnvironmentTree([env('4', 'Shop', 'Live')], { running: new Set(), history: () => [failed, ok] }, englishL10n);
  assert.match(project.children[0].tooltip, /failed: Login failed/);
  assert.deepEqual(project.children[0].icon, { id: 'warning', color: 'list.warningForeground' });
});

test('no environments, no nodes (the welcome view shows instead)', () => {
  assert.deepEqual(buildEnvironmentTree([], noHistory, englishL10n), []);
});

test('the last successful backup shows as "2 h ago"; a schedule that missed its time marks the environment overdue', () => {
  const now = Date.UTC(2026, 5, 10, 12, 0);
  const hour = 3_600_000;
  const ok: HistoryEntry = { finishedAt: now - 2 * hour, outcome: 'succeeded', bytes: 1, durationMs: 1 };
  const failedLater: HistoryEntry = { finishedAt: now - hour, outcome: 'failed', message: 'x' };
  const withSchedule = (hours: number): CloudEnvironment => ({ ...env('4', 'Shop', 'Live'), schedule: { kind: 'interval', hours, since: 0 } });
  const node = (e: CloudEnvironment, history: HistoryEntry[]) =>
    buildEnvironmentTree([e], { running: new Set(), history: () => history, now }, englishL10n)[0].children[0];

  assert.equal(node(env('4', 'Shop', 'Live'), [ok]).description, 'shop-live · 2 h ago');
  assert.equal(node(env('4', 'Shop', 'Live'), [failedLater, ok]).description, 'shop-live · 2 h ago', 'the last successful one, not the last one');
  assert.match(node(env('4', 'Shop', 'Live'), [failedLater, ok]).tooltip, /Last successful backup: .* \(2 h ago\)/);

  const onTime = node(withSchedule(6), [ok]);
  assert.equal(onTime.description, 'shop-live · 2 h ago');
  assert.match(onTime.tooltip, /Scheduled backups: every 6 hours, next run \d{4}-\d\d-\d\d \d\d:\d\d/);
  const late = node(withSchedule(1), [ok]);
  assert.equal(late.description, 'shop-live · 2 h ago · overdue');
  assert.deepEqual(late.icon, { id: 'history', color: 'list.warningForeground' });
  assert.match(late.tooltip, /every hour, next run .* · \*\*overdue\*\*/);
  const running = buildEnvironmentTree([withSchedule(1)], { running: new Set(['4']), history: () => [ok], now }, englishL10n)[0].children[0];
  assert.doesNotMatch(running.description, /overdue/, 'a running backup is not overdue');
});

test('a weakened connection says so in the tooltip: encryption off and an unchecked certificate each get a warning', () => {
  const strong = buildEnvironmentTree([env('1', 'Shop', 'Live')], noHistory, englishL10n)[0].children[0];
  assert.doesNotMatch(strong.tooltip, /⚠/);
  const weak = env('2', 'Shop', 'Live');
  weak.options = { ...weak.options, encrypt: false };
  const noEncrypt = buildEnvironmentTree([weak], noHistory, englishL10n)[0].children[0];
  assert.match(noEncrypt.tooltip, /⚠ Encryption is off/);
  weak.options = { ...weak.options, encrypt: true, trustServerCertificate: true };
  const trusting = buildEnvironmentTree([weak], noHistory, englishL10n)[0].children[0];
  assert.match(trusting.tooltip, /⚠ The server certificate is not checked/);
  assert.doesNotMatch(trusting.tooltip, /Encryption is off/);
});

test('the tooltip names the Encrypt mode: Strict, Mandatory, Optional; only Optional warns', () => {
  const tooltip = (encrypt: boolean | 'strict') => {
    const e = env('9', 'Shop', 'Live');
    e.options = { ...e.options, encrypt };
    return buildEnvironmentTree([e], noHistory, englishL10n)[0].children[0].tooltip;
  };
  assert.match(tooltip('strict'), /Encrypt: Strict/);
  assert.doesNotMatch(tooltip('strict'), /⚠/);
  assert.match(tooltip(true), /Encrypt: Mandatory/);
  assert.match(tooltip(false), /Encrypt: Optional/);
  assert.match(tooltip(false), /⚠ Encryption is off/);
});
