/**
 * What every form panel does the same way: open a webview panel that keeps its page alive (it can hold a typed
 * password, which must not be persisted through setState), render the page with a fresh nonce and only our
 * scripts and styles, and answer "fill in from this connection string" without ever echoing or logging it.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ErrorMessage, ParseResult } from '../shared/formProtocol';
import type { BackupEngine, ParsedConnectionString } from './engine';
import { asBackupErrorShape } from './model/errorPresentation';
import type { FormPage } from './model/formHtml';
import type { L10n } from './model/l10n';

export interface FormPanelSpec {
  viewType: string;
  title: string;
  mode: 'add' | 'edit';
  /** The bundle's name under dist/webview (`<name>.js`, `<name>.css`). */
  bundle: string;
  html(page: FormPage, l10n: L10n): string;
}

export function openFormPanel(extensionUri: vscode.Uri, l10n: L10n, spec: FormPanelSpec): vscode.WebviewPanel {
  const webviewRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [webviewRoot],
    retainContextWhenHidden: true,
  });
  panel.iconPath = {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'panel-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'panel-dark.svg'),
  };
  const webview = panel.webview;
  webview.html = spec.html(
    {
      mode: spec.mode,
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, `${spec.bundle}.js`)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, `${spec.bundle}.css`)).toString(),
      language: vscode.env.language,
    },
    l10n,
  );
  return panel;
}

/**
 * Reads a pasted connection string: the parsed settings, or the error message for the paste box. The text likely
 * holds a password: it is never logged or echoed, and the core's messages never repeat it.
 */
export function readPastedConnectionString(
  engine: Pick<BackupEngine, 'parseConnectionString'>,
  text: string,
  form: { log: vscode.LogOutputChannel; l10n: L10n; name: string },
): ParsedConnectionString | ErrorMessage {
  try {
    return engine.parseConnectionString(text);
  } catch (error) {
    const e = asBackupErrorShape(error);
    form.log.warn(`${form.name}: a pasted connection string could not be read (${e.kind}).`);
    return {
      type: 'error',
      context: 'connectionString',
      text: e.kind === 'invalid' ? e.message : form.l10n.t('This does not look like a connection string. Expected server=…;database=…;user id=…;password=…'),
    };
  }
}

/**
 * A form's panel: opens the page, checks every message from it before `handle` sees it, and turns a failure into
 * an error on the page (and the log) instead of an unhandled rejection.
 */
export abstract class FormPanel<In, Out> {
  protected readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    l10n: L10n,
    spec: FormPanelSpec,
    private readonly form: { name: string; log: vscode.LogOutputChannel; parse(raw: unknown): ParseResult<In>; onClosed(): void },
  ) {
    this.panel = openFormPanel(extensionUri, l10n, spec);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      this.panel.onDidDispose(() => this.closed()),
    );
  }

  protected abstract handle(message: In): Promise<void>;
  /** What the page shows when handling a message failed. */
  protected abstract errorText(error: unknown): string;

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.panel.dispose();
  }

  protected closed(): void {
    for (const d of this.disposables) d.dispose();
    this.form.onClosed();
  }

  protected post(message: Out | ErrorMessage): void {
    void this.panel.webview.postMessage(message);
  }

  async receive(raw: unknown): Promise<void> {
    const parsed = this.form.parse(raw);
    if (!parsed.ok) {
      this.form.log.warn(`${this.form.name}: ignored a malformed message (${parsed.error}).`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      this.form.log.error(`${this.form.name}: ${asBackupErrorShape(error).message}`);
      this.post({ type: 'error', context: 'save', text: this.errorText(error) });
    }
  }
}
