/** Local Databases item actions: remove, copy the appsettings.json connection string, restore a backup here. */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { EnvironmentStore } from '../model/environmentStore';
import type { L10n } from '../model/l10n';
import { appSettingsSnippet, targetTitle, type LocalTarget, type LocalTargetStore } from './localTargets';

export interface LocalTargetCommandsDeps {
  targets: LocalTargetStore;
  /** Where the newest backup is, so "Restore Backup Here…" opens in that folder. */
  environments: EnvironmentStore;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  restoreFile(path: string, targetId: string): Promise<void>;
}

export class LocalTargetCommands {
  constructor(private readonly deps: LocalTargetCommandsDeps) {}

  private target(id: string): LocalTarget | undefined {
    const target = this.deps.targets.get(id);
    if (!target) void vscode.window.showErrorMessage(this.deps.l10n.t('This local database is no longer saved.'));
    return target;
  }

  async remove(id: string): Promise<void> {
    const { targets, log, l10n } = this.deps;
    const target = this.target(id);
    if (!target) return;
    const remove = l10n.t('Remove');
    const choice = await vscode.window.showWarningMessage(
      l10n.t('Remove the local database {database} on {server}?', { database: target.database, server: target.server }),
      { modal: true, detail: l10n.t('Only the saved entry and its password are removed; the database itself stays on the server.') },
      remove,
    );
    if (choice !== remove) return;
    await targets.remove(target.id);
    log.info(`Removed local database ${targetTitle(target)} and its saved password.`);
  }

  async copyConnectionString(id: string): Promise<void> {
    const target = this.target(id);
    if (!target) return;
    await vscode.env.clipboard.writeText(appSettingsSnippet(target));
    void vscode.window.showInformationMessage(this.deps.l10n.t('Copied the connection string for the ConnectionStrings section of appsettings.json (replace <password> with the password).'));
  }

  /** Asks for a backup file (unless given), then restores it into this target. */
  async restoreHere(id: string, path?: string): Promise<void> {
    const { l10n, environments } = this.deps;
    const target = this.target(id);
    if (!target) return;
    let file = path;
    if (!file) {
      const newest = environments
        .list()
        .flatMap((e) => environments.history(e.id))
        .filter((h) => h.outcome === 'succeeded' && h.path)
        .sort((a, b) => b.finishedAt - a.finishedAt)[0];
      const picked = await vscode.window.showOpenDialog({
        title: l10n.t('Restore a backup into {title}', { title: targetTitle(target) }),
        openLabel: l10n.t('Restore'),
        canSelectMany: false,
        filters: { [l10n.t('Backups')]: ['bacpac'] },
        ...(newest?.path ? { defaultUri: vscode.Uri.file(dirname(newest.path)) } : {}),
      });
      file = picked?.[0]?.fsPath;
    }
    if (file) await this.deps.restoreFile(file, target.id);
  }
}
