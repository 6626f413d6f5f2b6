/** The Environments view: a thin TreeDataProvider over the pure environmentsTree model. */
import * as vscode from 'vscode';
import type { BackupRunner } from './model/backupRunner';
import type { EnvironmentStore } from './model/environmentStore';
import { buildEnvironmentTree, type EnvironmentNodeModel, type ProjectNodeModel } from './model/environmentsTree';
import type { L10n } from './model/l10n';
import { markdownTooltip, themeIcon } from './treeItems';

export type EnvironmentTreeElement = ProjectNodeModel | EnvironmentNodeModel;

export class EnvironmentsTreeProvider implements vscode.TreeDataProvider<EnvironmentTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly store: EnvironmentStore,
    private readonly runner: BackupRunner,
    private readonly l10n: L10n,
  ) {
    this.unsubscribe = [store.onDidChange(() => this.refresh()), runner.onDidChangeRunning(() => this.refresh())];
    // "2 h ago" and "overdue" change with time alone.
    const minutely = setInterval(() => {
      if (store.list().length > 0) this.refresh();
    }, 60_000);
    this.unsubscribe.push(() => clearInterval(minutely));
  }

  refresh(): void {
    this.changed.fire();
  }

  getChildren(element?: EnvironmentTreeElement): EnvironmentTreeElement[] {
    if (!element) {
      return buildEnvironmentTree(
        this.store.list(),
        { running: this.runner.running(), history: (id) => this.store.history(id), now: Date.now() },
        this.l10n,
      );
    }
    return element.kind === 'project' ? element.children : [];
  }

  getTreeItem(element: EnvironmentTreeElement): vscode.TreeItem {
    const item = new vscode.TreeItem(
      element.label,
      element.kind === 'project' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = element.key;
    item.description = element.description;
    item.contextValue = element.contextValue;
    item.iconPath = themeIcon(element.icon);
    if (element.kind === 'environment') item.tooltip = markdownTooltip(element.tooltip);
    return item;
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.changed.dispose();
  }
}
