/**
 * Runs one environment's backup from start to history entry, free of editor APIs: finds the password
 * (SecretStorage, else the caller's prompt), builds the request from settings, keeps one backup per
 * environment at a time, and records the outcome. The vscode adapter adds progress UI around `run`.
 */
import type { BackupProgress, BackupResult, BackupRequest } from '../../core/export/types';
import { BackupError, isBackupError } from '../../core/errors';
import type { BackupEngine } from '../engine';
import { buildBackupRequest, type BackupSettings, type PathContext } from './backupSettings';
import { environmentTitle, type CloudEnvironment } from './cloudEnvironment';
import type { EnvironmentStore } from './environmentStore';
import { asBackupErrorShape, redactSecret } from './errorPresentation';
import { formatBytes, formatCount, formatDuration } from '../../shared/format';
import type { L10n } from './l10n';

export interface RunnerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface BackupRunnerDeps {
  engine: Pick<BackupEngine, 'runBackup'>;
  store: EnvironmentStore;
  settings(): BackupSettings;
  paths(): PathContext;
  /** Asks for the password of an environment that has none remembered; undefined when the person cancels. */
  askPassword(env: CloudEnvironment): Promise<string | undefined>;
  log: RunnerLog;
  l10n: L10n;
  now(): number;
}

export type BackupOutcome =
  | { status: 'succeeded'; env: CloudEnvironment; result: BackupResult }
  | { status: 'failed'; env: CloudEnvironment; error: unknown }
  | { status: 'cancelled'; env: CloudEnvironment };

export type StartResult =
  | { status: 'ready'; env: CloudEnvironment; request: BackupRequest; run(observer: RunObserver): Promise<BackupOutcome> }
  | { status: 'refused'; reason: 'running' | 'unknown-environment' | 'no-password'; env?: CloudEnvironment }
  | { status: 'failed'; env: CloudEnvironment; error: unknown };

export interface StartOptions {
  /** A just-typed password that was not remembered. */
  password?: string;
  /** False for scheduled runs: without a remembered password they fail instead of asking (default true). */
  interactive?: boolean;
}

export interface RunObserver {
  signal: AbortSignal;
  onProgress(progress: BackupProgress): void;
}

export class BackupRunner {
  private readonly active = new Set<string>();
  /** Backups past `start`, so deactivation can cancel them and wait for their clean-up. */
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<unknown> }>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: BackupRunnerDeps) {}

  running(): ReadonlySet<string> {
    return this.active;
  }

  isRunning(environmentId: string): boolean {
    return this.active.has(environmentId);
  }

  onDidChangeRunning(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Claims the environment's slot (synchronously, so two quick clicks cannot both start), then resolves the
   * password and the request. The caller must call `run` on a 'ready' result; every other result frees the slot.
   */
  async start(environmentId: string, options: StartOptions = {}): Promise<StartResult> {
    const env = this.deps.store.get(environmentId);
    if (!env) return { status: 'refused', reason: 'unknown-environment' };
    if (this.active.has(env.id)) return { status: 'refused', reason: 'running', env };
    this.claim(env.id);
    let handedOver = false;
    try {
      const given = options.password === '' ? undefined : options.password;
      const remembered = given ?? (await this.deps.store.getPassword(env.id));
      if (remembered === undefined && options.interactive === false) {
        return {
          status: 'failed',
          env,
          error: new BackupError('invalid', this.deps.l10n.t('No password is remembered for {title}, and a scheduled backup cannot ask for one.', { title: environmentTitle(env) }), {
            hint: this.deps.l10n.t('Edit the environment and check "Remember password".'),
          }),
        };
      }
      const password = remembered ?? (await this.deps.askPassword(env));
      if (password === undefined) return { status: 'refused', reason: 'no-password', env };
      let request: BackupRequest;
      try {
        request = buildBackupRequest(this.deps.settings(), env, password, this.deps.paths(), this.deps.l10n, this.deps.store.list());
      } catch (error) {
        return { status: 'failed', env, error };
      }
      handedOver = true;
      return { status: 'ready', env, request, run: (observer) => this.run(env, request, observer) };
    } finally {
      if (!handedOver) this.release(env.id);
    }
  }

  /**
   * Cancels every running backup and waits (at most `timeoutMs`) until each has removed its temporary file:
   * for deactivate(), so closing the window or reloading the extension leaves nothing behind.
   */
  async cancelAll(timeoutMs = 5_000): Promise<void> {
    const running = [...this.inFlight.values()];
    for (const r of running) r.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(running.map((r) => r.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  private run(env: CloudEnvironment, request: BackupRequest, observer: RunObserver): Promise<BackupOutcome> {
    const abort = new AbortController();
    const forward = () => abort.abort();
    if (observer.signal.aborted) abort.abort();
    else observer.signal.addEventListener('abort', forward, { once: true });
    const done = this.runToOutcome(env, request, { signal: abort.signal, onProgress: (p) => observer.onProgress(p) }).finally(() => {
      observer.signal.removeEventListener('abort', forward);
      this.inFlight.delete(env.id);
    });
    this.inFlight.set(env.id, { abort, done });
    return done;
  }

  private async runToOutcome(env: CloudEnvironment, request: BackupRequest, observer: RunObserver): Promise<BackupOutcome> {
    const { log, store, now } = this.deps;
    const secret = request.connection.password;
    const title = environmentTitle(env);
    const startedAt = now();
    log.info(`Backup of ${title} (${env.database} on ${env.server}) to ${request.outputFolder} started.`);
    try {
      const result = await this.deps.engine.runBackup(request, {
        signal: observer.signal,
        onProgress: (p) => {
          if (p.message) log.info(`${title}: ${redactSecret(p.message, secret)}`);
          observer.onProgress(p);
        },
        onLog: (level, message) => log[level](`${title}: ${redactSecret(message, secret)}`),
      });
      log.info(
        `Backup of ${title} finished: ${result.path}, ${formatBytes(result.bytes)}, ${formatCount(result.totalRows)} rows in ` +
          `${formatDuration(result.durationMs)}, consistency ${result.consistency}, ${result.verified ? 'verified' : 'not verified'}.`,
      );
      for (const deleted of result.deleted) log.info(`${title}: retention removed ${deleted}`);
      await store.addHistory(env.id, {
        finishedAt: now(),
        outcome: 'succeeded',
        path: result.path,
        bytes: result.bytes,
        durationMs: result.durationMs,
        totalRows: result.totalRows,
        verified: result.verified,
      });
      return { status: 'succeeded', env, result };
    } catch (error) {
      const e = asBackupErrorShape(error);
      const cancelled = e.kind === 'cancelled' || (observer.signal.aborted && !isBackupError(error));
      const message = redactSecret(e.message, secret);
      if (e.kind === 'locked') {
        // Not this environment's failure: another window or the CLI is backing it up, and records its own result.
        log.warn(`Backup of ${title} not started: ${message}`);
        return { status: 'failed', env, error };
      }
      if (cancelled) log.warn(`Backup of ${title} cancelled after ${formatDuration(now() - startedAt)}.`);
      else log.error(`Backup of ${title} failed (${e.kind}${e.details.sqlErrorNumber ? ` ${e.details.sqlErrorNumber}` : ''}): ${message}`);
      await store.addHistory(env.id, {
        finishedAt: now(),
        outcome: cancelled ? 'cancelled' : 'failed',
        durationMs: now() - startedAt,
        errorKind: e.kind,
        message: cancelled ? undefined : message,
      });
      if (cancelled) return { status: 'cancelled', env };
      // What reaches a notification carries the redacted message too.
      const shown = message === e.message ? error : new BackupError(e.kind, message, { ...e.details, cause: undefined });
      return { status: 'failed', env, error: shown };
    } finally {
      this.release(env.id);
    }
  }

  private claim(id: string): void {
    this.active.add(id);
    this.changed();
  }

  private release(id: string): void {
    if (this.active.delete(id)) this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
