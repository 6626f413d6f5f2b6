// What the extension-host suites share: the extension's test hook (activate()'s return value), polling, a temp
// backups folder wired through the real settings, and environments saved through the extension's own store.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FrontDoor } from '../../../src/vscode/activateFrontDoor';
import type { CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import { newEnvironmentId, type HistoryEntry, type PasswordChange } from '../../../src/vscode/model/environmentStore';
import type { ServedDatabase } from '../../support/demo/serveDatabase';
import { extensionId } from './project';

/** The extension's FrontDoor, after activating it. */
export async function extensionApi(): Promise<FrontDoor> {
  const extension = vscode.extensions.getExtension<FrontDoor>(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded`);
  const api = await extension.activate();
  assert.ok(api?.store && api.environmentsView && api.backupsView, 'activate() returned no FrontDoor');
  return api;
}

/** Polls `probe` until it returns something other than undefined/false; fails with `what` at the deadline. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let backupsRoot: string | undefined;

/**
 * Points `cloudDatabaseBackup.backupsFolder` at a fresh temp folder (per project/environment below it) and
 * returns the folder a given environment's backups go to.
 */
export async function useTempBackupsFolder(): Promise<(env: Pick<CloudEnvironment, 'project' | 'environment'>) => string> {
  if (!backupsRoot) {
    // Inside the sandbox's workspace folder when there is one, so the runner's cleanup removes the backups too.
    const workspace = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    backupsRoot = mkdtempSync(join(workspace ?? tmpdir(), 'cdb-ext-backups-'));
    const config = vscode.workspace.getConfiguration('cloudDatabaseBackup');
    await config.update('backupsFolder', join(backupsRoot, '{project}', '{environment}'), vscode.ConfigurationTarget.Global);
  }
  const root = backupsRoot;
  return (env) => join(root, env.project, env.environment);
}

/** Files in a folder, hidden ones (.partial) included; [] when it does not exist. */
export function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}

/** Saves an environment reaching `served` through the extension's store, as the connect form would. */
export async function saveEnvironment(
  api: FrontDoor,
  served: ServedDatabase,
  names: { project: string; environment: string },
  password: PasswordChange = { kind: 'remember', password: served.password },
): Promise<CloudEnvironment> {
  return api.store.save(
    {
      id: newEnvironmentId(),
      project: names.project,
      environment: names.environment,
      server: `tcp:127.0.0.1,${served.port}`,
      database: served.database,
      login: served.user,
      options: { encrypt: true, trustServerCertificate: true, connectTimeoutSeconds: 10 },
    },
    password,
  );
}

/**
 * Runs "Back Up" on an environment the way its tree item does, and waits for the history entry the backup
 * adds when it ends. The command itself is not awaited: it resolves only once its outcome notification is
 * dismissed, which nobody does in the extension host.
 */
export function startBackup(api: FrontDoor, environmentId: string, commandId: string): { finished: (timeoutMs?: number) => Promise<HistoryEntry> } {
  const before = api.store.history(environmentId).length;
  void vscode.commands.executeCommand(commandId, environmentId).then(undefined, () => undefined);
  return {
    finished: (timeoutMs = 60_000) =>
      waitFor(`the backup of ${environmentId} to end`, () => api.store.history(environmentId).length > before && api.store.history(environmentId)[0], timeoutMs),
  };
}
