import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { readBackupSettings, settingsSection, userOnlyValue, type BackupSettings, type PathContext } from './model/backupSettings';

/** The settings in force: in a folder the person has not trusted, their own values only, never the folder's. */
export function currentBackupSettings(): BackupSettings {
  const config = vscode.workspace.getConfiguration(settingsSection);
  const trusted = vscode.workspace.isTrusted;
  return readBackupSettings((key) => (trusted ? config.get(key) : userOnlyValue(config.inspect(key))));
}

/** `${workspaceFolder}` means the first local workspace folder; virtual folders cannot hold backups. */
export function currentPaths(): PathContext {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return { home: homedir(), workspaceFolder: folder?.uri.fsPath };
}

export function openBackupSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', settingsSection);
}
