import * as vscode from 'vscode';

/** The extension's one log: a LogOutputChannel named after the product, so users find it in the Output view. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Cloud Database Backup', { log: true });
}
