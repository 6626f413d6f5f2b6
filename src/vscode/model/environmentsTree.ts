/**
 * What the Environments view shows, as plain data: projects → environments with labels, descriptions,
 * tooltips, icons and the contextValues the menus in package.json match. The TreeDataProvider only wraps it.
 */
import { scheduleStatus } from '../../core/schedule/backupSchedule';
import { compareEnvironments, type CloudEnvironment } from './cloudEnvironment';
import type { HistoryEntry } from './environmentStore';
import { formatBytes, formatDateTime, formatDuration } from '../../shared/format';
import type { L10n } from './l10n';
import { escapeMarkdown } from './markdown';
import { agoText, describeSchedule, nextRunText } from './scheduleText';

/** Context values; package.json's `when` clauses use exactly these strings. */
export const contextValues = {
  project: 'cloudProject',
  environment: 'cloudEnvironment',
  runningEnvironment: 'cloudEnvironment.running',
} as const;

export interface TreeIcon {
  id: string;
  /** A theme color id, when the icon signals a state. */
  color?: string;
}

export interface EnvironmentNodeModel {
  kind: 'environment';
  /** Stable tree item id, so expansion and selection survive refreshes. */
  key: string;
  environmentId: string;
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  contextValue: string;
  icon: TreeIcon;
}

export interface ProjectNodeModel {
  kind: 'project';
  key: string;
  label: string;
  description: string;
  contextValue: string;
  icon: TreeIcon;
  children: EnvironmentNodeModel[];
}

export interface EnvironmentTreeState {
  running: ReadonlySet<string>;
  history(environmentId: string): readonly HistoryEntry[];
  /** For "2 h ago" and overdue schedules; default Date.now(). */
  now?: number;
}

export function buildEnvironmentTree(
  environments: readonly CloudEnvironment[],
  state: EnvironmentTreeState,
  l10n: L10n,
): ProjectNodeModel[] {
  const byProject = new Map<string, CloudEnvironment[]>();
  for (const env of [...environments].sort(compareEnvironments)) {
    const list = byProject.get(env.project) ?? [];
    list.push(env);
    byProject.set(env.project, list);
  }
  return [...byProject.entries()].map(([project, envs]) => ({
    kind: 'project' as const,
    key: `project:${project}`,
    label: project === '' ? l10n.t('(no project)') : project,
    description: envs.length === 1 ? l10n.t('1 environment') : l10n.t('{count} environments', { count: envs.length }),
    contextValue: contextValues.project,
    icon: { id: 'cloud' },
    children: envs.map((env) => environmentNode(env, state, l10n)),
  }));
}

function environmentNode(env: CloudEnvironment, state: EnvironmentTreeState, l10n: L10n): EnvironmentNodeModel {
  const now = state.now ?? Date.now();
  const running = state.running.has(env.id);
  const history = state.history(env.id);
  const last = history[0];
  const lastSuccess = history.find((h) => h.outcome === 'succeeded');
  const status = env.schedule ? scheduleStatus({ schedule: env.schedule, lastRunAt: last?.finishedAt }, now) : undefined;
  const overdue = !running && status?.overdue === true;
  let icon: TreeIcon = { id: 'database' };
  if (running) icon = { id: 'sync~spin' };
  else if (last?.outcome === 'failed') icon = { id: 'warning', color: 'list.warningForeground' };
  else if (overdue) icon = { id: 'history', color: 'list.warningForeground' };
  let description = `${env.database} · ${env.server}`;
  if (running) description = l10n.t('{database} · backing up…', { database: env.database });
  else if (lastSuccess) description = `${env.database} · ${agoText(lastSuccess.finishedAt, now, l10n)}`;
  if (overdue) description += ` · ${l10n.t('overdue')}`;
  return {
    kind: 'environment',
    key: `environment:${env.id}`,
    environmentId: env.id,
    label: env.environment,
    description,
    tooltip: environmentTooltip(env, last, running, l10n, { lastSuccess, now, nextAt: status?.nextAt, overdue }),
    contextValue: running ? contextValues.runningEnvironment : contextValues.environment,
    icon,
  };
}

interface TooltipTimes {
  lastSuccess?: HistoryEntry;
  now: number;
  nextAt?: number;
  overdue: boolean;
}

/** The names SSMS 20 uses for the three modes. */
function encryptText(encrypt: CloudEnvironment['options']['encrypt'], l10n: L10n): string {
  if (encrypt === 'strict') return l10n.t('Strict (TDS 8)');
  return encrypt ? l10n.t('Mandatory') : l10n.t('Optional');
}

function environmentTooltip(env: CloudEnvironment, last: HistoryEntry | undefined, running: boolean, l10n: L10n, times: TooltipTimes): string {
  const lines = [
    `**${escapeMarkdown(`${env.project} / ${env.environment}`)}**`,
    '',
    `${l10n.t('Server')}: ${escapeMarkdown(env.server)}  `,
    `${l10n.t('Database')}: ${escapeMarkdown(env.database)}  `,
    `${l10n.t('Login')}: ${escapeMarkdown(env.login)}  `,
    `${l10n.t('Encrypt')}: ${encryptText(env.options.encrypt, l10n)}` +
      (env.options.trustServerCertificate ? ` · ${l10n.t('trusts any server certificate')}` : '') + '  ',
    ...(env.options.encrypt !== false ? [] : [`⚠ ${l10n.t('Encryption is off: the password and the data cross the network unencrypted.')}  `]),
    ...(env.options.trustServerCertificate ? [`⚠ ${l10n.t('The server certificate is not checked: the connection could be intercepted.')}  `] : []),
    '',
  ];
  if (running) lines.push(l10n.t('A backup is running.'));
  else if (!last) lines.push(l10n.t('Not backed up yet.'));
  else lines.push(lastBackupLine(last, l10n));
  if (last && last !== times.lastSuccess && times.lastSuccess) {
    lines.push('', l10n.t('Last successful backup: {when} ({ago})', { when: formatDateTime(times.lastSuccess.finishedAt), ago: agoText(times.lastSuccess.finishedAt, times.now, l10n) }));
  }
  if (env.schedule) {
    const next = times.nextAt !== undefined ? `, ${nextRunText(times.nextAt, l10n)}` : '';
    lines.push('', `${l10n.t('Scheduled backups')}: ${describeSchedule(env.schedule, l10n)}${next}${times.overdue ? ` · **${l10n.t('overdue')}**` : ''}`);
  }
  return lines.join('\n');
}

export function lastBackupLine(last: HistoryEntry, l10n: L10n): string {
  const when = formatDateTime(last.finishedAt);
  switch (last.outcome) {
    case 'succeeded':
      return l10n.t('Last backup: {when}, {size} in {duration}{verified}', {
        when,
        size: formatBytes(last.bytes ?? 0),
        duration: formatDuration(last.durationMs ?? 0),
        verified: last.verified ? `, ${l10n.t('verified')}` : '',
      });
    case 'cancelled':
      return l10n.t('Last backup: {when}, cancelled', { when });
    case 'failed':
      return l10n.t('Last backup: {when}, failed: {message}', { when, message: escapeMarkdown(last.message ?? '') });
  }
}
