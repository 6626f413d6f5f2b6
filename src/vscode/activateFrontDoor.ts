/**
 * Builds the editor front door: storage, runner, views, the connect form and every command. extension.ts
 * calls this once; everything created here is disposed with the extension context.
 */
import * as vscode from 'vscode';
import { BackupController } from './backupController';
import { BackUpAllController } from './backUpAllController';
import { BackupFileCommands } from './backupFileCommands';
import { BackupsTreeProvider } from './backupsView';
import { ConnectFormPanels } from './connectFormPanel';
import type { BackupEngine } from './engine';
import { EnvironmentCommands } from './environmentCommands';
import { EnvironmentsTreeProvider } from './environmentsView';
import { BackupRunner } from './model/backupRunner';
import { settingsSection } from './model/backupSettings';
import { backupPathOf, environmentIdOf, localTargetIdOf, projectNodeOf } from './model/commandArguments';
import { commandIds, viewIds } from './model/commandIds';
import { environmentTitle } from './model/cloudEnvironment';
import { EnvironmentStore } from './model/environmentStore';
import { VerificationCache } from './model/verificationCache';
import { ReportDocuments } from './reportDocuments';
import { LocalDatabasesTreeProvider } from './restore/localDatabasesView';
import { LocalTargetCommands } from './restore/localTargetCommands';
import { LocalTargetForms } from './restore/localTargetFormPanel';
import { LocalTargetStore } from './restore/localTargets';
import { RestoreController } from './restore/restoreController';
import { openSchemaScript } from './restore/schemaScriptDocument';
import { ScheduledBackups } from './scheduledBackups';
import { currentBackupSettings, currentPaths } from './settings';
import { VerifyController } from './verifyController';
import { vscodeL10n as l10n } from './vscodeL10n';

/**
 * What activate() hands back: the stores and the three views' providers, so the extension-host tests
 * (test/vscode/suite) can seed environments and read the trees the person sees. Not a supported API for
 * other extensions; it exposes nothing a test could not reach through the views, only without the pixels.
 */
export interface FrontDoor {
  readonly store: EnvironmentStore;
  readonly environmentsView: EnvironmentsTreeProvider;
  readonly backupsView: BackupsTreeProvider;
  /** Where environments and history are kept, so tests can check that no password ever lands there. */
  readonly globalState: vscode.Memento;
  /** Cancels running backups and waits for their temporary files to be removed (deactivate() calls it). */
  cancelRunningBackups(): Promise<void>;
  /** Saved local restore targets ("Local databases"). */
  readonly targets: LocalTargetStore;
  /** The Local Databases view's provider. */
  readonly localDatabasesView: LocalDatabasesTreeProvider;
  /** The Add/Edit Local Database forms, so tests can send an open form what its page would. */
  readonly localForms: Pick<LocalTargetForms, 'openForm'>;
}

export function activateFrontDoor(context: vscode.ExtensionContext, engine: BackupEngine, log: vscode.LogOutputChannel): FrontDoor {
  const store = new EnvironmentStore(context.globalState, context.secrets);
  const verifications = new VerificationCache(context.globalState);
  const runner = new BackupRunner({
    engine,
    store,
    settings: currentBackupSettings,
    paths: currentPaths,
    askPassword: (env) => BackupController.askPassword(env, l10n),
    log,
    l10n,
    now: Date.now,
  });

  const environmentsView = new EnvironmentsTreeProvider(store, runner, l10n);
  const backupsView = new BackupsTreeProvider(store, verifications, l10n);
  const reports = new ReportDocuments();
  const verify = new VerifyController({ engine, verifications, reports, log, l10n, onVerified: () => backupsView.refresh() });

  // The form and the backup controller need each other ("Save and Back Up", "Edit Environment" after a
  // login error); the closures run only after both exist.
  const backupController: BackupController = new BackupController({
    runner,
    store,
    verifications,
    log,
    l10n,
    addEnvironment: () => void forms.show(),
    editEnvironment: (id) => void forms.show(id),
    verify: (path) => verify.verify(path),
    onFinished: () => backupsView.refresh(),
  });
  const forms: ConnectFormPanels = new ConnectFormPanels({
    extensionUri: context.extensionUri,
    engine,
    store,
    log,
    l10n,
    backUp: (id, password) => void backupController.backUp(id, { password }),
  });
  const environments = new EnvironmentCommands({ engine, store, runner, log, l10n, editEnvironment: (id) => void forms.show(id) });
  const files = new BackupFileCommands({ verifications, log, l10n, onChanged: () => backupsView.refresh() });
  const backUpAll = new BackUpAllController({
    runner,
    reports,
    log,
    l10n,
    concurrency: () => currentBackupSettings().backUpAllConcurrency,
    onFinished: () => backupsView.refresh(),
  });
  const schedules = new ScheduledBackups({
    runner,
    store,
    log,
    l10n,
    enabled: () => currentBackupSettings().scheduledBackups,
    backUp: (id) => backupController.backUp(id),
    onFinished: () => backupsView.refresh(),
  });
  const targets = new LocalTargetStore(context.globalState, context.secrets);
  const localForms = new LocalTargetForms({ extensionUri: context.extensionUri, engine, targets, log, l10n });
  const restores = new RestoreController({
    runner, environments: store, targets, log, l10n,
    onFinished: () => backupsView.refresh(),
    addTarget: (suggestedDatabase) => localForms.show(undefined, suggestedDatabase),
  });
  const localDatabasesView = new LocalDatabasesTreeProvider(targets, l10n);
  const localTargetCommands = new LocalTargetCommands({
    targets, environments: store, log, l10n,
    restoreFile: (path, targetId) => restores.restoreFile(path, targetId),
  });

  const environmentsTree = vscode.window.createTreeView(viewIds.environments, {
    treeDataProvider: environmentsView,
    showCollapseAll: true,
  });
  const backupsTree = vscode.window.createTreeView(viewIds.backups, { treeDataProvider: backupsView, showCollapseAll: true });
  const localDatabasesTree = vscode.window.createTreeView(viewIds.localDatabases, { treeDataProvider: localDatabasesView });

  /** Environment commands from the palette (no node) ask which environment first. */
  const withEnvironment = (run: (id: string) => unknown) => async (arg: unknown) => {
    const id = environmentIdOf(arg) ?? (await pickEnvironment(store));
    if (id) await run(id);
  };
  /** Local database commands come from the view (a node) or code (an id); without either they do nothing. */
  const withLocalTarget = (run: (id: string) => unknown) => async (arg: unknown) => {
    const id = localTargetIdOf(arg);
    if (id) await run(id);
  };
  const withBackupFile = (run: (path: string) => unknown) => async (arg: unknown) => {
    const path = backupPathOf(arg);
    if (path) await run(path);
  };

  context.subscriptions.push(
    environmentsView,
    backupsView,
    reports,
    forms,
    backupController,
    backUpAll,
    schedules,
    environmentsTree,
    backupsTree,
    localForms,
    localDatabasesView,
    localDatabasesTree,
    vscode.commands.registerCommand(commandIds.backup, (arg: unknown) => {
      const id = environmentIdOf(arg);
      return id ? backupController.backUp(id) : backupController.pickAndBackUp();
    }),
    vscode.commands.registerCommand(commandIds.backUpEnvironment, withEnvironment((id) => backupController.backUp(id))),
    // From a project node: its environments; from the title bar or the palette: every saved environment.
    vscode.commands.registerCommand(commandIds.backUpAll, (arg: unknown) => {
      const project = projectNodeOf(arg);
      const all = store.list();
      return project
        ? backUpAll.run(all.filter((e) => project.environmentIds.includes(e.id)), project.project)
        : backUpAll.run(all, l10n.t('every project'));
    }),
    // Whoever runs the environment's backup (a click, Back Up All, the schedule) stops it.
    vscode.commands.registerCommand(
      commandIds.cancelBackup,
      withEnvironment((id) => {
        backupController.cancel(id);
        backUpAll.cancelEnvironment(id);
        schedules.cancel(id);
      }),
    ),
    vscode.commands.registerCommand(commandIds.addEnvironment, () => forms.show()),
    vscode.commands.registerCommand(commandIds.editEnvironment, withEnvironment((id) => forms.show(id))),
    vscode.commands.registerCommand(commandIds.testConnection, withEnvironment((id) => environments.testConnection(id))),
    vscode.commands.registerCommand(commandIds.openBackupsFolder, withEnvironment((id) => environments.openBackupsFolder(id))),
    vscode.commands.registerCommand(commandIds.copyConnectionString, withEnvironment((id) => environments.copyConnectionString(id))),
    vscode.commands.registerCommand(commandIds.removeEnvironment, withEnvironment((id) => environments.remove(id))),
    vscode.commands.registerCommand(commandIds.verifyBackup, (arg: unknown) => {
      const path = backupPathOf(arg);
      return path ? verify.verify(path) : verify.pickAndVerify();
    }),
    vscode.commands.registerCommand(commandIds.verifyBackupFile, withBackupFile((path) => verify.verify(path))),
    vscode.commands.registerCommand(commandIds.revealBackupWindows, withBackupFile((path) => files.reveal(path))),
    vscode.commands.registerCommand(commandIds.revealBackupMac, withBackupFile((path) => files.reveal(path))),
    vscode.commands.registerCommand(commandIds.revealBackupLinux, withBackupFile((path) => files.reveal(path))),
    vscode.commands.registerCommand(commandIds.copyBackupPath, withBackupFile((path) => files.copyPath(path))),
    vscode.commands.registerCommand(commandIds.deleteBackup, withBackupFile((path) => files.delete(path))),
    vscode.commands.registerCommand(commandIds.refreshBackups, () => backupsView.refresh()),
    // A second argument (a saved target's id) skips the pick: for scripts and the extension-host tests.
    vscode.commands.registerCommand(commandIds.restoreBackup, async (arg: unknown, targetId?: unknown) => {
      const path = backupPathOf(arg);
      if (path) await restores.restoreFile(path, typeof targetId === 'string' ? targetId : undefined);
    }),
    vscode.commands.registerCommand(commandIds.openSchemaScript, withBackupFile((path) => openSchemaScript(path, l10n))),
    vscode.commands.registerCommand(commandIds.pullToLocal, async (arg: unknown, targetId?: unknown) => {
      const id = environmentIdOf(arg) ?? (await pickEnvironment(store));
      if (id) await restores.pullToLocal(id, typeof targetId === 'string' ? targetId : undefined);
    }),
    vscode.commands.registerCommand(commandIds.addLocalDatabase, () => localForms.show()),
    vscode.commands.registerCommand(commandIds.editLocalDatabase, withLocalTarget((id) => localForms.show(id))),
    vscode.commands.registerCommand(commandIds.removeLocalDatabase, withLocalTarget((id) => localTargetCommands.remove(id))),
    vscode.commands.registerCommand(commandIds.copyLocalConnectionString, withLocalTarget((id) => localTargetCommands.copyConnectionString(id))),
    // A second argument (a backup's path) skips the file dialog: for scripts and the extension-host tests.
    vscode.commands.registerCommand(commandIds.restoreToLocalDatabase, async (arg: unknown, path?: unknown) => {
      const id = localTargetIdOf(arg);
      if (id) await localTargetCommands.restoreHere(id, typeof path === 'string' ? path : undefined);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingsSection)) backupsView.refresh();
      if (e.affectsConfiguration(`${settingsSection}.scheduledBackups`)) schedules.poke();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => backupsView.refresh()),
    backupsTree.onDidChangeVisibility((e) => {
      if (e.visible) backupsView.refresh();
    }),
  );
  // Only arms a timer: missed runs start after a delay, never in the activation path.
  schedules.start();
  return {
    store, environmentsView, backupsView, globalState: context.globalState, cancelRunningBackups: () => runner.cancelAll(), targets, localDatabasesView, localForms,
  };
}

async function pickEnvironment(store: EnvironmentStore): Promise<string | undefined> {
  const envs = store.list();
  if (envs.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('Add a Cloud environment first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    envs.map((env) => ({ label: environmentTitle(env), description: env.database, detail: env.server, id: env.id })),
    { placeHolder: l10n.t('Choose an environment') },
  );
  return picked?.id;
}
