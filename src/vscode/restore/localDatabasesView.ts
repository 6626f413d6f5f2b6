/** The Local Databases view: a thin TreeDataProvider over the pure localTargetsTree model. */
import * as vscode from 'vscode';
import type { L10n } from '../model/l10n';
import { markdownTooltip, themeIcon } from '../treeItems';
import type { LocalTargetStore } from './localTargets';
import { buildLocalTargetTree, type LocalTargetNodeModel } from './localTargetsTree';

export class LocalDatabasesTreeProvider implements vscode.TreeDataProvider<LocalTargetNodeModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;

  constructor(private readonly targets: LocalTargetStore, private readonly l10n: L10n) {
    this.unsubscribe = targets.onDidChange(() => this.changed.fire());
  }

  getChildren(element?: LocalTargetNodeModel): LocalTargetNodeModel[] {
    return element ? [] : buildLocalTargetTree(this.targets.list(), this.l10n);
  }

  getTreeItem(element: LocalTargetNodeModel): vscode.TreeItem {
    const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
    item.id = element.key;
    item.description = element.description;
    item.contextValue = element.contextValue;
    item.iconPath = themeIcon(element.icon);
    item.tooltip = markdownTooltip(element.tooltip);
    return item;
  }

  dispose(): void {
    this.unsubscribe();
    this.changed.dispose();
  }
}
