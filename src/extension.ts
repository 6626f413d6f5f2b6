// Wires the extension together; behaviour lives in src/vscode and src/core.
import * as vscode from 'vscode';
import { createLog } from './vscode/log';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('cloudDatabaseBackup.showLog', () => log.show()),
  );
  log.info(`Cloud Database Backup ${context.extension.packageJSON.version} activated.`);
}

export function deactivate(): void {
  // Nothing to release: every disposable is registered on the extension context.
}
