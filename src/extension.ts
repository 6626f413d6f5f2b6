// Wires the extension together; behaviour lives in src/vscode and src/core.
import * as vscode from 'vscode';
import { activateFrontDoor, type FrontDoor } from './vscode/activateFrontDoor';
import { coreEngine } from './vscode/coreEngine';
import { createLog } from './vscode/log';
import { commandIds } from './vscode/model/commandIds';

/** Returns the front door's store and views for the extension-host tests (see FrontDoor); nothing else uses it. */
export function activate(context: vscode.ExtensionContext): FrontDoor {
  const log = createLog();
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand(commandIds.showLog, () => log.show()),
  );
  const frontDoor = activateFrontDoor(context, coreEngine, log);
  log.info(`Cloud Database Backup ${context.extension.packageJSON.version} activated.`);
  return frontDoor;
}

export function deactivate(): void {
  // Nothing to release: every disposable is registered on the extension context.
}
