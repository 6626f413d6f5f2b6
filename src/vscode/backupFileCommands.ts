/** Backup file actions in the Backups view: reveal, copy path, delete (after a modal confirmation). */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { lockTolerant, nodeFileOperations } from '../core/files/lockedFileRetry';
import type { L10n } from './model/l10n';
import type { VerificationCache } from './model/verificationCache';

export interface BackupFileCommandsDeps {
  verifications: VerificationCache;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  onChanged(): void;
}

export class BackupFileCommands {
  constructor(private readonly deps: BackupFileCommandsDeps) {}

  async reveal(path: string): Promise<void> {
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path));
  }

  async copyPath(path: string): Promise<void> {
    await vscode.env.clipboard.writeText(path);
  }

  async delete(path: string): Promise<void> {
    const { l10n, log, verifications } = this.deps;
    const remove = l10n.t('Delete');
    const choice = await vscode.window.showWarningMessage(
      l10n.t('Delete {file}?', { file: basename(path) }),
      { modal: true, detail: l10n.t('The file is deleted from disk: {path}. This cannot be undone.', { path }) },
      remove,
    );
    if (choice !== remove) return;
    try {
      // Just written or verified, the file may still be open in a scanner or the search indexer for a moment.
      await lockTolerant(nodeFileOperations, { log: (level, message) => log[level](message) }).unlink(path);
      await verifications.forget(path);
      log.info(`Deleted backup ${path}.`);
    } catch (error) {
      void vscode.window.showErrorMessage(l10n.t('Could not delete {file}: {reason}', { file: basename(path), reason: (error as Error).message }));
    } finally {
      this.deps.onChanged();
    }
  }
}
