/**
 * Restore in the editor: "Restore to…" on a backup file, "Pull to Local" on a Cloud environment (back up, then
 * restore the new backup, as one task with one cancellable notification and a status-bar item), a modal before a
 * database is replaced, and "Copy Connection String" (umbracoDbDSN for appsettings.json) at the end.
 * Restore targets are the person's own SQL Servers (localTargets.ts), picked from a quick pick or added in the
 * Add Local Database form.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionSettings } from '../../core/connection/types';
import { runRestore, type RestoreProgress, type RestoreResult } from '../../core/restore';
import type { VerifiedFile } from '../../core/verify/types';
import { formatCount } from '../../shared/format';
import { BackupError } from '../../core/errors';
import type { BackupRunner } from '../model/backupRunner';
import { environmentTitle } from '../model/cloudEnvironment';
import { currentBackupSettings } from '../settings';
import { commandIds } from '../model/commandIds';
import type { EnvironmentStore } from '../model/environmentStore';
import { asBackupErrorShape, redactSecret } from '../model/errorPresentation';
import type { L10n } from '../model/l10n';
import { appSettingsSnippet, targetConnectionSettings, targetTitle, type LocalTarget, type LocalTargetStore } from './localTargets';

export interface RestoreControllerDeps {
  runner: BackupRunner;
  environments: EnvironmentStore;
  targets: LocalTargetStore;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  onFinished(): void;
  /** Opens the Add Local Database form; resolves with the saved target, or undefined when closed without saving. */
  addTarget(suggestedDatabase: string): Promise<LocalTarget | undefined>;
}

const stageKeys: Record<RestoreProgress['stage'], string> = {
  verify: 'Verifying the backup…', connect: 'Connecting…', create: 'Creating the database…', principals: 'Creating users and roles…', beforeData: 'Creating tables…',
  data: 'Loading data…', afterData: 'Creating indexes and constraints…', programmability: 'Creating views, functions and procedures…',
  permissions: 'Granting permissions…', extendedProperties: 'Adding extended properties…', counts: 'Comparing row counts…', options: 'Applying database options…', finish: 'Finishing…',
};

export class RestoreController {
  constructor(private readonly deps: RestoreControllerDeps) {}

  /** "Restore to…" on a backup file; `targetId` (a saved target) skips the pick. */
  async restoreFile(path: string, targetId?: string): Promise<void> {
    const picked = await this.pickTarget(basename(path).replace(/-\d{4}-\d\d-\d\d-.*$|\.bacpac$/i, '') + '-local', targetId);
    if (!picked) return;
    await this.withProgress(this.deps.l10n.t('Restoring {file} to {target}', { file: basename(path), target: targetTitle(picked.target) }), picked.target, async (report, signal) => {
      return this.restore(path, picked.settings, report, signal);
    });
  }

  /** "Pull to Local" on a Cloud environment: a backup, then its restore, as one task. */
  async pullToLocal(environmentId: string, targetId?: string): Promise<void> {
    const { runner, environments, l10n } = this.deps;
    const known = environments.get(environmentId);
    if (!known) return;
    // The target first: nothing starts (no backup slot taken, no history written) until the person has chosen.
    const picked = await this.pickTarget(`${known.database}-local`, targetId);
    if (!picked) return;
    const start = await runner.start(environmentId);
    if (start.status !== 'ready') {
      if (start.status === 'failed') void vscode.window.showErrorMessage(asBackupErrorShape(start.error).message);
      else if (start.reason === 'running') void vscode.window.showInformationMessage(l10n.t('A backup of this environment is already running.'));
      return;
    }
    const env = start.env;
    await this.withProgress(l10n.t('Pulling {title} to {target}', { title: environmentTitle(env), target: targetTitle(picked.target) }), picked.target, async (report, signal) => {
      report(l10n.t('Backing up {title}…', { title: environmentTitle(env) }));
      const outcome = await start.run({ signal, onProgress: (p) => report(l10n.t('Backing up: {phase}', { phase: p.phase.replace(/-/g, ' ') })) });
      if (outcome.status === 'cancelled') throw new BackupError('cancelled', l10n.t('The backup was cancelled; nothing was restored.'));
      if (outcome.status === 'failed') throw outcome.error;
      // Verified as it was written: the restore takes that report instead of reading every row again.
      return this.restore(outcome.result.path, picked.settings, report, signal, outcome.result.verification);
    });
  }

  private async restore(path: string, settings: ConnectionSettings, report: (message: string) => void, signal: AbortSignal, verified?: VerifiedFile): Promise<RestoreResult> {
    const { l10n, log } = this.deps;
    log.info(`Restore of ${path} into [${settings.database}] on ${settings.server} started.`);
    let lastData = 0;
    const result = await runRestore(
      {
        packagePath: path,
        verified,
        target: settings,
        parallelism: 4,
        includePrincipals: currentBackupSettings().restoreIncludeUsers,
        confirmReplace: async ({ database, server, objects }) => {
          const replace = l10n.t('Replace');
          const choice = await vscode.window.showWarningMessage(
            l10n.t('Replace the database {database} on {server}?', { database, server }),
            { modal: true, detail: l10n.t('It has {count} objects. They are all dropped, and the database is recreated from the backup. This cannot be undone.', { count: String(objects) }) },
            replace,
          );
          return choice === replace;
        },
      },
      {
        signal,
        onProgress: (p) => {
          if (p.stage !== 'data') return report(l10n.t(stageKeys[p.stage]));
          const now = Date.now();
          if (now - lastData < 250) return;
          lastData = now;
          report(l10n.t('Loading data: {done} of {total} rows', { done: formatCount(p.rowsDone), total: formatCount(p.rowsTotal) }));
        },
      },
    );
    log.info(`Restored ${formatCount(result.totalRows)} rows in ${result.tables.length} tables into [${result.database}] on ${result.server} (${result.mode}); every row count matches.`);
    if (result.verification === 'as written') log.info('The backup was verified as it was written, so the restore did not read it a second time.');
    for (const w of result.warnings) log.warn(w);
    return result;
  }

  private async withProgress(title: string, target: LocalTarget, work: (report: (message: string) => void, signal: AbortSignal) => Promise<RestoreResult>): Promise<void> {
    const { l10n, log } = this.deps;
    const status = vscode.window.createStatusBarItem('cloudDatabaseBackup.restore', vscode.StatusBarAlignment.Left, 10);
    status.name = l10n.t('Cloud Database Backup: restore');
    status.text = l10n.t('$(sync~spin) Restoring to {database}…', { database: target.database });
    status.command = commandIds.showLog;
    status.show();
    const abort = new AbortController();
    let result: RestoreResult | undefined;
    let failure: unknown;
    try {
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return work((message) => {
          progress.report({ message });
          status.text = `$(sync~spin) ${message}`;
        }, abort.signal);
      });
    } catch (e) {
      failure = e;
    } finally {
      status.dispose();
      this.deps.onFinished();
    }
    // The outcome notification is not awaited: the command ends when the restore does, not when it is dismissed.
    if (result) {
      void this.showResult(result, target);
      return;
    }
    const e = asBackupErrorShape(failure);
    const password = await this.deps.targets.getPassword(target.id);
    const message = redactSecret(e.message, password);
    if (e.kind === 'cancelled' || abort.signal.aborted) {
      log.warn(`Restore to ${targetTitle(target)} cancelled. ${message}`);
      void vscode.window.showInformationMessage(l10n.t('The restore was cancelled. {details}', { details: message }));
      return;
    }
    log.error(`Restore to ${targetTitle(target)} failed (${e.kind}): ${message}`);
    const showLog = l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(e.details.hint ? `${message} ${e.details.hint}` : message, showLog);
    if (choice === showLog) log.show();
  }

  private async showResult(result: RestoreResult, target: LocalTarget): Promise<void> {
    const { l10n } = this.deps;
    const copy = l10n.t('Copy Connection String');
    const choice = await vscode.window.showInformationMessage(
      l10n.t('Restored {rows} rows in {tables} tables into {database} on {server}; every row count matches the backup.', {
        rows: formatCount(result.totalRows), tables: String(result.tables.length), database: result.database, server: result.server,
      }) + (result.warnings.length > 0 ? ` ${result.warnings.join(' ')}` : ''),
      copy,
    );
    if (choice !== copy) return;
    await vscode.env.clipboard.writeText(appSettingsSnippet(target));
    void vscode.window.showInformationMessage(l10n.t('Copied the connection string for the ConnectionStrings section of appsettings.json (replace <password> with the password).'));
  }

  /** A saved target or a new one (through the Add Local Database form); with its password, from secret storage or asked. */
  private async pickTarget(suggestedDatabase: string, targetId?: string): Promise<{ target: LocalTarget; settings: ConnectionSettings } | undefined> {
    const { targets, l10n } = this.deps;
    const saved = targets.list();
    const add = { label: l10n.t('$(add) Add a local database…'), id: '' };
    const given = targetId ? saved.find((t) => t.id === targetId) : undefined;
    const picked = given ? { id: given.id } : saved.length === 0 ? add : await vscode.window.showQuickPick(
      [...saved.map((t) => ({ label: t.database, description: t.server, detail: t.user, id: t.id })), add],
      { placeHolder: l10n.t('Restore into which local SQL Server database?') },
    );
    if (!picked) return undefined;
    const target = picked.id ? targets.get(picked.id) : await this.deps.addTarget(suggestedDatabase);
    if (!target) return undefined;
    const password = (await targets.getPassword(target.id)) ?? (await vscode.window.showInputBox({
      title: targetTitle(target), prompt: l10n.t('Password of {login} on {server}', { login: target.user, server: target.server }), password: true, ignoreFocusOut: true,
    }));
    if (!password) return undefined;
    return { target, settings: targetConnectionSettings(target, password) };
  }
}
