/**
 * Back Up All, free of editor APIs: every given environment through the BackupRunner, one after another by
 * default (or N at a time), under one cancel signal; one failing environment does not stop the others. Then
 * the summary: one line per environment (file and size, or the error and what to do), for the notification and
 * a Markdown report.
 */
import type { BackupProgress } from '../../core/export/types';
import { formatBytes, formatDuration } from '../../shared/format';
import type { BackupOutcome, BackupRunner } from './backupRunner';
import { environmentTitle, type CloudEnvironment } from './cloudEnvironment';
import { describeError, presentBackupError, asBackupErrorShape } from './errorPresentation';
import type { L10n } from './l10n';
import { escapeMarkdown } from './markdown';

export type BackUpAllEntry =
  | BackupOutcome
  | { status: 'skipped'; env: CloudEnvironment; reason: 'running' | 'no-password' }
  | { status: 'not-started'; env: CloudEnvironment };

export interface BackUpAllObserver {
  /** Cancels the whole run: the running backups and those not started yet. */
  signal: AbortSignal;
  /** The signal of one environment's backup (Cancel Backup on its tree item); default `signal`. */
  signalFor?(env: CloudEnvironment): AbortSignal;
  /** An environment starts: `position` counts from 1 over `total`. */
  onStart(env: CloudEnvironment, position: number, total: number): void;
  onProgress(env: CloudEnvironment, progress: BackupProgress): void;
  onFinished(entry: BackUpAllEntry, finished: number, total: number): void;
}

export async function backUpAll(
  runner: Pick<BackupRunner, 'start'>,
  environments: readonly CloudEnvironment[],
  concurrency: number,
  observer: BackUpAllObserver,
): Promise<BackUpAllEntry[]> {
  const entries: BackUpAllEntry[] = new Array(environments.length);
  let next = 0;
  let started = 0;
  let finished = 0;
  const finish = (index: number, entry: BackUpAllEntry) => {
    entries[index] = entry;
    observer.onFinished(entry, ++finished, environments.length);
  };
  const worker = async () => {
    for (let index = next++; index < environments.length; index = next++) {
      const env = environments[index];
      if (observer.signal.aborted) {
        finish(index, { status: 'not-started', env });
        continue;
      }
      const start = await runner.start(env.id);
      if (start.status === 'refused') {
        finish(index, start.reason === 'unknown-environment' ? { status: 'not-started', env } : { status: 'skipped', env, reason: start.reason });
        continue;
      }
      if (start.status === 'failed') {
        finish(index, { status: 'failed', env: start.env, error: start.error });
        continue;
      }
      observer.onStart(start.env, ++started, environments.length);
      const signal = observer.signalFor?.(start.env) ?? observer.signal;
      finish(index, await start.run({ signal, onProgress: (p) => observer.onProgress(start.env, p) }));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, environments.length)) }, worker));
  return entries;
}

export interface BackUpAllSummary {
  severity: 'info' | 'warning' | 'error';
  /** One notification line: the count, then each environment's result. */
  message: string;
  /** The full report: a table with the file, size and duration, or the error and its hint. */
  markdown: string;
  succeeded: number;
  /** The first firewall error's IP and project, for "Copy IP". */
  firewall?: { ip: string; project: string };
}

export function summarizeBackUpAll(entries: readonly BackUpAllEntry[], l10n: L10n, finishedAt: Date = new Date()): BackUpAllSummary {
  const succeeded = entries.filter((e) => e.status === 'succeeded').length;
  const short = entries.map((e) => `${e.env.environment}: ${shortResult(e, l10n)}`);
  const head =
    succeeded === entries.length
      ? l10n.t('Backed up all {count} environments.', { count: entries.length })
      : l10n.t('Backed up {done} of {count} environments.', { done: succeeded, count: entries.length });
  const firewallEntry = entries.find((e) => e.status === 'failed' && asBackupErrorShape(e.error).kind === 'firewall' && asBackupErrorShape(e.error).details.clientIp);
  const rows = entries.map((e) => {
    const title = escapeMarkdown(environmentTitle(e.env));
    if (e.status === 'succeeded') {
      const r = e.result;
      return `| ${title} | ✅ ${formatBytes(r.bytes)} in ${formatDuration(r.durationMs)}${r.verified ? `, ${l10n.t('verified')}` : ''} | ${escapeMarkdown(r.path)} |`;
    }
    return `| ${title} | ${e.status === 'failed' ? '❌' : '⏸'} ${escapeMarkdown(longResult(e, l10n))} | |`;
  });
  const markdown = [
    `# ${l10n.t('Back Up All')}`,
    '',
    `${head} ${escapeMarkdown(finishedAt.toLocaleString())}`,
    '',
    `| ${l10n.t('Environment')} | ${l10n.t('Result')} | ${l10n.t('File')} |`,
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  const firewallError = firewallEntry?.status === 'failed' ? asBackupErrorShape(firewallEntry.error) : undefined;
  return {
    severity: succeeded === entries.length ? 'info' : succeeded > 0 ? 'warning' : 'error',
    message: `${head} ${short.join(' · ')}`,
    markdown,
    succeeded,
    firewall: firewallError?.details.clientIp && firewallEntry ? { ip: firewallError.details.clientIp, project: firewallEntry.env.project } : undefined,
  };
}

/** A few words for the notification line. */
function shortResult(entry: BackUpAllEntry, l10n: L10n): string {
  switch (entry.status) {
    case 'succeeded':
      return formatBytes(entry.result.bytes);
    case 'cancelled':
      return l10n.t('cancelled');
    case 'not-started':
      return l10n.t('not started');
    case 'skipped':
      return entry.reason === 'running' ? l10n.t('already running') : l10n.t('no password given');
    case 'failed': {
      const e = asBackupErrorShape(entry.error);
      switch (e.kind) {
        case 'firewall':
          return e.details.clientIp ? l10n.t('firewall blocks {ip}', { ip: e.details.clientIp }) : l10n.t('blocked by the firewall');
        case 'login':
          return l10n.t('login failed');
        case 'locked':
          return l10n.t('skipped, another backup is running');
        default:
          return l10n.t('failed ({kind})', { kind: e.kind });
      }
    }
  }
}

/** The full sentence and what to do, for the report. */
function longResult(entry: BackUpAllEntry, l10n: L10n): string {
  if (entry.status !== 'failed') return shortResult(entry, l10n);
  const subject = { title: environmentTitle(entry.env), project: entry.env.project };
  const shown = presentBackupError(entry.error, subject, l10n);
  return shown.kind === 'locked' ? shown.message : describeError(entry.error, subject, l10n);
}
