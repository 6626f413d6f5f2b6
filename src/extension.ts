// Wires the extension together; behaviour lives in src/vscode and src/core.
import * as vscode from 'vscode';
import { activateFrontDoor } from './vscode/activateFrontDoor';
import { coreEngine } from './vscode/coreEngine';
import { createLog } from './vscode/log';
import { commandIds } from './vscode/model/commandIds';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand(commandIds.showLog, () => log.show()),
  );
  activateFrontDoor(context, coreEngine, log);
  log.info(`Cloud Database Backup ${context.extension.packageJSON.version} activated.`);
}

export function deactivate(): void {
  // Nothing to release: every disposable is registered on the extension context.
}
