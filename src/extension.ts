// Wires the extension together; behaviour lives in src/vscode and src/core.
import * as vscode from 'vscode';
import { activateFrontDoor, type FrontDoor } from './vscode/activateFrontDoor';
import { coreEngine } from './vscode/coreEngine';
import { createLog } from './vscode/log';
import { commandIds } from './vscode/model/commandIds';

let active: FrontDoor | undefined;

/** Returns the front door's store and views for the extension-host tests (see FrontDoor); nothing else uses it. */
export function activate(context: vscode.ExtensionContext): FrontDoor {
  const log = createLog();
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand(commandIds.showLog, () => log.show()),
  );
  const frontDoor = activateFrontDoor(context, coreEngine, log);
  log.info(`Cloud Database Backup ${context.extension.packageJSON.version} activated.`);
  active = frontDoor;
  return frontDoor;
}

/**
 * Closing the window, reloading or updating the extension: cancel running backups and wait for them to remove
 * their temporary files (VS Code waits for the promise, for a few seconds). A host that is killed instead leaves
 * them behind; the next backup into the folder removes those. Every disposable is on the extension context.
 */
export async function deactivate(): Promise<void> {
  const frontDoor = active;
  active = undefined;
  await frontDoor?.cancelRunningBackups();
}
