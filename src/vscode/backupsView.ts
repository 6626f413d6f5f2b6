/** The Backups view: per environment, the .bacpac files in its folder; a thin wrapper over backupsTree. */
import * as vscode from 'vscode';
import { resolveBackupFolder } from './model/backupSettings';
import {
  buildBackupFolderNode,
  type BackupFileNodeModel,
  type BackupFolderNodeModel,
  type BackupMessageNodeModel,
} from './model/backupsTree';
import { listBackupFolder } from './model/backupFolderListing';
import type { EnvironmentStore } from './model/environmentStore';
import type { L10n } from './model/l10n';
import type { VerificationCache } from './model/verificationCache';
import { currentBackupSettings, currentPaths } from './settings';
import { markdownTooltip, themeIcon } from './treeItems';

export type BackupTreeElement = BackupFolderNodeModel | BackupFileNodeModel | BackupMessageNodeModel;

export class BackupsTreeProvider implements vscode.TreeDataProvider<BackupTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: EnvironmentStore,
    private readonly verifications: VerificationCache,
    private readonly l10n: L10n,
  ) {
    this.unsubscribe = store.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: BackupTreeElement): Promise<BackupTreeElement[]> {
    if (element) return element.kind === 'folder' ? element.children : [];
    const settings = currentBackupSettings();
    const paths = currentPaths();
    const environments = this.store.list();
    return Promise.all(
      environments.map(async (env) => {
        let folder: string;
        try {
          folder = resolveBackupFolder(settings.backupsFolder, env, paths, this.l10n, environments);
        } catch (error) {
          return buildBackupFolderNode(env, '', { error: (error as Error).message }, () => undefined, this.l10n);
        }
        const listing = await listBackupFolder(folder);
        return buildBackupFolderNode(env, folder, listing, (file) => this.verifications.get(file), this.l10n);
      }),
    );
  }

  getTreeItem(element: BackupTreeElement): vscode.TreeItem {
    const item = new vscode.TreeItem(
      element.label,
      element.kind === 'folder' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = element.key;
    item.contextValue = element.contextValue;
    item.iconPath = themeIcon(element.icon);
    if (element.kind !== 'message') {
      item.description = element.description;
      item.tooltip = markdownTooltip(element.tooltip);
    }
    if (element.kind === 'file') item.resourceUri = vscode.Uri.file(element.path);
    return item;
  }

  dispose(): void {
    this.unsubscribe();
    this.changed.dispose();
  }
}
