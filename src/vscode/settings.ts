import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { readBackupSettings, settingsSection, type BackupSettings, type PathContext } from './model/backupSettings';

export function currentBackupSettings(): BackupSettings {
  const config = vscode.workspace.getConfiguration(settingsSection);
  return readBackupSettings((key) => config.get(key));
}

/** `${workspaceFolder}` means the first local workspace folder; virtual folders cannot hold backups. */
export function currentPaths(): PathContext {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return { home: homedir(), workspaceFolder: folder?.uri.fsPath };
}

export function openBackupSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', settingsSection);
}
