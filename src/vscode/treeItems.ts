import * as vscode from 'vscode';
import type { TreeIcon } from './model/environmentsTree';

export function themeIcon(icon: TreeIcon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

export function markdownTooltip(markdown: string): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(markdown);
  tooltip.supportThemeIcons = true;
  return tooltip;
}
