/**
 * The connect form's panel: one per environment being edited (and one for adding). It renders the page with
 * a fresh nonce, validates every incoming message, re-validates the fields, and talks to the engine and the
 * store. The password leaves this class only towards SecretStorage, the engine, or a backup just started.
 */
import * as vscode from 'vscode';
import {
  parseWebviewMessage,
  type ConnectFormFields,
  type ExtensionMessage,
  type WebviewMessage,
} from '../shared/connectFormProtocol';
import { validateConnectForm } from '../shared/connectFormValidation';
import type { BackupEngine } from './engine';
import { environmentTitle, type CloudEnvironment } from './model/cloudEnvironment';
import { FormPanel, readPastedConnectionString } from './formPanel';
import { connectFormHtml } from './model/connectFormHtml';
import {
  connectionSettingsFromFields,
  effectivePassword,
  environmentFromFields,
  fieldsFromEnvironment,
  initMessage,
  passwordChangeOf,
  patchFromConnectionString,
} from './model/connectFormModel';
import { newEnvironmentId, type EnvironmentStore } from './model/environmentStore';
import { asBackupErrorShape, describeError, redactSecret } from './model/errorPresentation';
import type { L10n } from './model/l10n';
import { currentBackupSettings } from './settings';

export interface ConnectFormDeps {
  extensionUri: vscode.Uri;
  engine: Pick<BackupEngine, 'testConnection' | 'parseConnectionString'>;
  store: EnvironmentStore;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  /** "Save and Back Up": the password is passed when it was typed but not remembered. */
  backUp(environmentId: string, password: string | undefined): void;
}

const addKey = 'add';

export class ConnectFormPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ConnectFormPanel>();

  constructor(private readonly deps: ConnectFormDeps) {}

  /** Opens the form for adding (no id) or editing; a form already open for the same target comes to the front. */
  async show(environmentId?: string): Promise<void> {
    const key = environmentId ?? addKey;
    const open = this.panels.get(key);
    if (open) {
      open.reveal();
      return;
    }
    const env = environmentId ? this.deps.store.get(environmentId) : undefined;
    if (environmentId && !env) {
      void vscode.window.showErrorMessage(this.deps.l10n.t('This environment no longer exists.'));
      return;
    }
    const passwordRemembered = env ? await this.deps.store.hasPassword(env.id) : false;
    const panel = new ConnectFormPanel(this.deps, env, passwordRemembered, () => this.panels.delete(key));
    this.panels.set(key, panel);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

class ConnectFormPanel extends FormPanel<WebviewMessage, ExtensionMessage> {
  constructor(
    private readonly deps: ConnectFormDeps,
    private readonly env: CloudEnvironment | undefined,
    private passwordRemembered: boolean,
    onClosed: () => void,
  ) {
    super(
      deps.extensionUri,
      deps.l10n,
      {
        viewType: 'cloudDatabaseBackup.connectForm',
        title: env ? deps.l10n.t('Edit {title}', { title: environmentTitle(env) }) : deps.l10n.t('Add Cloud Environment'),
        mode: env ? 'edit' : 'add',
        bundle: 'connectForm',
        html: connectFormHtml,
      },
      { name: 'Connect form', log: deps.log, parse: parseWebviewMessage, onClosed },
    );
  }

  protected errorText(error: unknown): string {
    return describeError(error, this.subject(), this.deps.l10n);
  }

  protected async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post(
          initMessage(
            this.env ? 'edit' : 'add',
            fieldsFromEnvironment(this.env, { connectTimeoutSeconds: currentBackupSettings().connectionTimeoutSeconds }, this.passwordRemembered),
            this.passwordRemembered,
            this.deps.l10n,
          ),
        );
        return;
      case 'cancel':
        this.panel.dispose();
        return;
      case 'parseConnectionString':
        return this.fillFromConnectionString(message.text);
      case 'testConnection':
        return this.testConnection(message.requestId, message.fields);
      case 'save':
        return this.save(message.fields, message.backUp);
    }
  }

  private subject() {
    return { title: this.env ? environmentTitle(this.env) : this.deps.l10n.t('the new environment'), project: this.env?.project ?? '' };
  }

  private fillFromConnectionString(text: string): void {
    const parsed = readPastedConnectionString(this.deps.engine, text, { ...this.deps, name: 'Connect form' });
    this.post('type' in parsed ? parsed : { type: 'connectionStringParsed', patch: patchFromConnectionString(parsed), unknownKeys: parsed.unknownKeys });
  }

  /** Re-checks on this side; a webview that skipped its own validation gets the issues back. */
  private invalid(fields: ConnectFormFields): boolean {
    const issues = validateConnectForm(fields, { passwordRemembered: this.passwordRemembered });
    if (issues.length > 0) this.post({ type: 'validation', issues });
    return issues.length > 0;
  }

  private async testConnection(requestId: number, fields: ConnectFormFields): Promise<void> {
    const { engine, store, l10n, log } = this.deps;
    if (this.invalid(fields)) return;
    const remembered = this.env ? await store.getPassword(this.env.id) : undefined;
    const password = effectivePassword(fields, remembered);
    if (password === undefined) {
      this.post({ type: 'testResult', requestId, ok: false, kind: 'invalid', text: l10n.t('Enter the password to test the connection.') });
      return;
    }
    const project = fields.project.trim();
    try {
      const result = await engine.testConnection(connectionSettingsFromFields(fields, password));
      log.info(`Connection test to ${fields.server.trim()} / ${result.database} succeeded (${result.serverVersion}).`);
      this.post({
        type: 'testResult',
        requestId,
        ok: true,
        serverVersion: result.serverVersion,
        database: result.database,
        text: result.edition
          ? l10n.t('Connected to {database}: {edition}, version {version}.', {
              database: result.database,
              edition: result.edition,
              version: result.serverVersion,
            })
          : l10n.t('Connected to {database}: version {version}.', { database: result.database, version: result.serverVersion }),
      });
    } catch (error) {
      const e = asBackupErrorShape(error);
      const text = redactSecret(describeError(error, { title: fields.server.trim(), project }, l10n), password);
      log.warn(`Connection test to ${fields.server.trim()} failed (${e.kind}): ${redactSecret(e.message, password)}`);
      this.post({ type: 'testResult', requestId, ok: false, kind: e.kind, text });
    }
  }

  private async save(fields: ConnectFormFields, backUp: boolean): Promise<void> {
    const { store, l10n, log } = this.deps;
    if (this.invalid(fields)) return;
    const id = this.env?.id ?? newEnvironmentId();
    const candidate = environmentFromFields(fields, id, this.env ? this.deps.store.get(this.env.id) : undefined);
    const clash = store
      .list()
      .find(
        (e) =>
          e.id !== id &&
          e.project.toLowerCase() === candidate.project.toLowerCase() &&
          e.environment.toLowerCase() === candidate.environment.toLowerCase(),
      );
    if (clash) {
      this.post({
        type: 'error',
        context: 'save',
        text: l10n.t('Project "{project}" already has an environment named "{environment}". Choose another name or edit that one.', {
          project: clash.project,
          environment: clash.environment,
        }),
      });
      return;
    }
    const change = passwordChangeOf(fields);
    const saved = await store.save(candidate, change);
    log.info(`${this.env ? 'Updated' : 'Added'} environment ${environmentTitle(saved)} (${saved.database} on ${saved.server}); password ${change.kind === 'remember' ? 'remembered' : change.kind === 'keep' ? 'unchanged' : 'not remembered'}.`);
    this.panel.dispose();
    if (backUp) this.deps.backUp(saved.id, change.kind === 'remember' || fields.password === '' ? undefined : fields.password);
  }
}
