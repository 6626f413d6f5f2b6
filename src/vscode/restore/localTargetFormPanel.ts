/**
 * The local database form's panel (Add/Edit Local Database): one per target being edited and one for adding. It
 * checks every incoming message, validates the fields again, tests the connection and saves through the
 * LocalTargetStore. The password leaves this class only towards SecretStorage and the test connection.
 */
import * as vscode from 'vscode';
import { parseLocalTargetMessage, type LocalTargetExtensionMessage, type LocalTargetFields, type LocalTargetWebviewMessage } from '../../shared/localTargetFormProtocol';
import { validateLocalTargetForm } from '../../shared/localTargetFormValidation';
import type { BackupEngine } from '../engine';
import { FormPanel, readPastedConnectionString } from '../formPanel';
import { asBackupErrorShape, describeError, redactSecret } from '../model/errorPresentation';
import type { L10n } from '../model/l10n';
import { fieldsFromTarget, localPatchFromConnectionString, localTargetInitMessage, targetFromFields } from './localTargetFormModel';
import { localTargetFormHtml } from './localTargetFormHtml';
import { targetConnectionSettings, targetTitle, type LocalTarget, type LocalTargetStore } from './localTargets';

export interface LocalTargetFormDeps {
  extensionUri: vscode.Uri;
  engine: Pick<BackupEngine, 'testConnection' | 'parseConnectionString'>;
  targets: LocalTargetStore;
  log: vscode.LogOutputChannel;
  l10n: L10n;
}

/** An open form as the extension-host tests reach it: what its page would send, and what it was sent. */
export interface OpenLocalTargetForm {
  receive(raw: unknown): Promise<void>;
  readonly posted: readonly LocalTargetExtensionMessage[];
}

const addKey = 'add';

export class LocalTargetForms implements vscode.Disposable {
  private readonly panels = new Map<string, LocalTargetFormPanel>();

  constructor(private readonly deps: LocalTargetFormDeps) {}

  /**
   * Opens the form for adding (no id; `suggestedDatabase` prefills the database) or editing. Resolves with the saved
   * target, or undefined when the form is closed without saving; a form already open comes to the front.
   */
  async show(targetId?: string, suggestedDatabase?: string): Promise<LocalTarget | undefined> {
    const key = targetId ?? addKey;
    const open = this.panels.get(key);
    if (open) {
      open.reveal();
      return open.result;
    }
    const target = targetId ? this.deps.targets.get(targetId) : undefined;
    if (targetId && !target) {
      void vscode.window.showErrorMessage(this.deps.l10n.t('This local database is no longer saved.'));
      return undefined;
    }
    const passwordRemembered = target ? await this.deps.targets.hasPassword(target.id) : false;
    const panel = new LocalTargetFormPanel(this.deps, target, fieldsFromTarget(target, suggestedDatabase), passwordRemembered, () => this.panels.delete(key));
    this.panels.set(key, panel);
    return panel.result;
  }

  /** The open form for a target, or the Add form when no id is given. */
  openForm(targetId?: string): OpenLocalTargetForm | undefined {
    return this.panels.get(targetId ?? addKey);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

class LocalTargetFormPanel extends FormPanel<LocalTargetWebviewMessage, LocalTargetExtensionMessage> implements OpenLocalTargetForm {
  readonly posted: LocalTargetExtensionMessage[] = [];
  readonly result: Promise<LocalTarget | undefined>;
  private settle!: (target: LocalTarget | undefined) => void;

  constructor(
    private readonly deps: LocalTargetFormDeps,
    private readonly target: LocalTarget | undefined,
    private readonly initialFields: LocalTargetFields,
    private readonly passwordRemembered: boolean,
    onClosed: () => void,
  ) {
    super(
      deps.extensionUri,
      deps.l10n,
      {
        viewType: 'cloudDatabaseBackup.localDatabaseForm',
        title: target ? deps.l10n.t('Edit {title}', { title: targetTitle(target) }) : deps.l10n.t('Add Local Database'),
        mode: target ? 'edit' : 'add',
        bundle: 'localTargetForm',
        html: localTargetFormHtml,
      },
      { name: 'Local database form', log: deps.log, parse: parseLocalTargetMessage, onClosed },
    );
    this.result = new Promise((resolve) => (this.settle = resolve));
  }

  protected errorText(error: unknown): string {
    return asBackupErrorShape(error).message;
  }

  protected override closed(): void {
    this.settle(undefined); // no-op after a save
    super.closed();
  }

  protected override post(message: LocalTargetExtensionMessage): void {
    this.posted.push(message);
    super.post(message);
  }

  protected async handle(message: LocalTargetWebviewMessage): Promise<void> {
    const { l10n, engine } = this.deps;
    switch (message.type) {
      case 'ready':
        this.post(localTargetInitMessage(this.target ? 'edit' : 'add', this.initialFields, this.passwordRemembered, l10n));
        return;
      case 'cancel':
        this.panel.dispose();
        return;
      case 'parseConnectionString': {
        const parsed = readPastedConnectionString(engine, message.text, { ...this.deps, name: 'Local database form' });
        this.post('type' in parsed ? parsed : { type: 'connectionStringParsed', patch: localPatchFromConnectionString(parsed), unknownKeys: parsed.unknownKeys });
        return;
      }
      case 'testConnection':
        return this.testConnection(message.requestId, message.fields);
      case 'save':
        return this.save(message.fields);
    }
  }

  /** Re-checks on this side; a webview that skipped its own validation gets the issues back. */
  private invalid(fields: LocalTargetFields): boolean {
    const issues = validateLocalTargetForm(fields, { passwordRemembered: this.passwordRemembered });
    if (issues.length > 0) this.post({ type: 'validation', issues });
    return issues.length > 0;
  }

  /** Connects to the server's master database: the target database may not exist before the first restore. */
  private async testConnection(requestId: number, fields: LocalTargetFields): Promise<void> {
    const { engine, targets, l10n, log } = this.deps;
    if (this.invalid(fields)) return;
    const password = fields.password !== '' ? fields.password : ((this.target && (await targets.getPassword(this.target.id))) ?? '');
    const candidate = { id: this.target?.id ?? '', ...targetFromFields(fields) };
    const server = candidate.server;
    try {
      const result = await engine.testConnection({ ...targetConnectionSettings(candidate, password), database: 'master' });
      log.info(`Connection test to local server ${server} succeeded (${result.serverVersion}).`);
      this.post({
        type: 'testResult', requestId, ok: true, serverVersion: result.serverVersion, database: candidate.database,
        text: l10n.t('Connected to {server}: {edition}, version {version}.', { server, edition: result.edition || 'SQL Server', version: result.serverVersion }),
      });
    } catch (error) {
      const e = asBackupErrorShape(error);
      log.warn(`Connection test to local server ${server} failed (${e.kind}): ${redactSecret(e.message, password)}`);
      this.post({ type: 'testResult', requestId, ok: false, kind: e.kind, text: redactSecret(describeError(error, { title: server, project: '' }, l10n), password) });
    }
  }

  private async save(fields: LocalTargetFields): Promise<void> {
    const { targets, l10n, log } = this.deps;
    if (this.invalid(fields)) return;
    const candidate = targetFromFields(fields, this.target?.id);
    const clash = targets.list().find((t) => t.id !== this.target?.id && t.server.toLowerCase() === candidate.server.toLowerCase() && t.database.toLowerCase() === candidate.database.toLowerCase());
    if (clash) {
      this.post({ type: 'error', context: 'save', text: l10n.t('{title} is already saved. Edit that one, or choose another database.', { title: targetTitle(clash) }) });
      return;
    }
    // An empty password keeps the saved one (the store only writes a password it is given).
    const saved = await targets.save(candidate, fields.password);
    log.info(`${this.target ? 'Updated' : 'Added'} local database ${targetTitle(saved)}; password ${fields.password === '' ? 'unchanged' : 'saved'}.`);
    this.settle(saved);
    this.panel.dispose();
  }
}
