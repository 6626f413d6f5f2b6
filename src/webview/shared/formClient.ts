/**
 * The browser side every form webview shares: it validates fields as the person leaves and retypes them, shows
 * issues under their fields, fills fields from a pasted connection string, runs Test Connection and Save, and
 * shows the extension's answers. Each form's script says which fields it has and how to read and write them.
 */
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { FieldIssueOf, FormExtensionMessage, InitMessageOf } from '../../shared/formProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The form has no #${id}.`);
  return element as T;
}

export interface FormDefinition<F, C extends string> {
  /** Fields typed into: validated when left, then as they change. */
  textFields: readonly (keyof F & string)[];
  /** Every field an issue can be shown under. */
  issueFields: readonly (keyof F & string)[];
  readFields(): F;
  /** Writes the given values and updates whatever depends on them (warnings, shown rows). */
  writeFields(fields: Partial<F>): void;
  validateField(field: keyof F & string, fields: F, context: { passwordRemembered: boolean }): FieldIssueOf<keyof F & string, C>[];
  validateForm(fields: F, context: { passwordRemembered: boolean }): FieldIssueOf<keyof F & string, C>[];
  /** Brings a field into view before it is focused (e.g. opens a collapsed section). */
  reveal?(field: keyof F & string): void;
  /** Fields validated after a connection string filled them even when not yet touched. */
  validateWhenFilled?: readonly (keyof F & string)[];
}

type Issue<F, C extends string> = FieldIssueOf<keyof F & string, C>;

export class FormClient<F, C extends string> {
  // Acquired once and kept, as the webview docs ask.
  private readonly vscode = acquireVsCodeApi();
  private init: InitMessageOf<F, C> | undefined;
  private nextRequestId = 1;
  private pendingTest = 0;
  /** Fields the person has left at least once: their issues show as they type; others wait for blur or submit. */
  private readonly touched = new Set<keyof F & string>();
  private readonly testResult = byId<HTMLDivElement>('testResult');
  private readonly pasteField = byId<VscodeTextfield>('connectionString');
  private readonly pasteResult = byId<HTMLDivElement>('connectionString-result');

  constructor(private readonly form: FormDefinition<F, C>, private readonly busyButtons: VscodeButton[]) {
    byId<VscodeButton>('testConnection').addEventListener('click', () => this.testConnection());
    byId<VscodeButton>('cancel').addEventListener('click', () => this.vscode.postMessage({ type: 'cancel' }));
    byId<VscodeButton>('fillFromConnectionString').addEventListener('click', () => this.fillFromConnectionString());
    // The paste box sits outside the form, so Enter there fills the fields instead of saving.
    this.pasteField.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.fillFromConnectionString();
      }
    });
    this.pasteField.addEventListener('paste', () => setTimeout(() => this.fillFromConnectionString(), 0));
    for (const name of form.textFields) {
      const field = byId<VscodeTextfield>(name);
      field.addEventListener('blur', () => {
        this.touched.add(name);
        this.validateOne(name);
      });
      field.addEventListener('input', () => {
        if (this.touched.has(name)) this.validateOne(name);
      });
    }
    window.addEventListener('message', (event: MessageEvent<FormExtensionMessage<F, C>>) => this.onMessage(event.data));
    this.vscode.postMessage({ type: 'ready' });
  }

  private context() {
    return { passwordRemembered: this.init?.passwordRemembered ?? false };
  }

  private issueText(issue: Issue<F, C>): string {
    if (!this.init) return '';
    return this.init.issueTexts[issue.code].split('{field}').join(this.init.fieldLabels[issue.field]);
  }

  /** Shows the issues of the given fields (and clears those fields' old issues). */
  private showIssues(fields: readonly (keyof F & string)[], issues: readonly Issue<F, C>[]): void {
    for (const field of fields) {
      const slot = document.getElementById(`${field}-issue`);
      const control = document.getElementById(field) as (HTMLElement & { invalid?: boolean }) | null;
      if (!slot || !control) continue;
      const issue = issues.find((i) => i.field === field);
      slot.textContent = issue ? this.issueText(issue) : '';
      slot.hidden = !issue;
      control.invalid = issue !== undefined;
    }
  }

  validateOne(field: keyof F & string): void {
    this.showIssues([field], this.form.validateField(field, this.form.readFields(), this.context()));
  }

  /** Validates everything; on failure puts the cursor on the first bad field. */
  validateAll(): boolean {
    const issues = this.form.validateForm(this.form.readFields(), this.context());
    this.showIssues(this.form.issueFields, issues);
    for (const i of issues) this.touched.add(i.field);
    if (issues.length === 0) return true;
    this.focusField(issues[0].field);
    return false;
  }

  private focusField(field: keyof F & string): void {
    this.form.reveal?.(field);
    // A collapsible renders its body on the next frame; focus after that.
    requestAnimationFrame(() => byId<HTMLElement>(field).focus());
  }

  private setBusy(busy: boolean): void {
    for (const b of this.busyButtons) b.disabled = busy;
  }

  private showResult(kind: 'ok' | 'error' | 'progress', message: string): void {
    this.testResult.hidden = false;
    this.testResult.className = `result ${kind}`;
    this.testResult.textContent = message;
  }

  /** Validates, then sends Save with the form's fields and whatever else the form's save carries. */
  save(extra: Record<string, unknown> = {}): void {
    if (!this.validateAll()) return;
    this.setBusy(true);
    this.showResult('progress', this.init?.texts.saving ?? '');
    this.vscode.postMessage({ type: 'save', fields: this.form.readFields(), ...extra });
  }

  private testConnection(): void {
    if (!this.validateAll()) return;
    this.pendingTest = this.nextRequestId++;
    this.setBusy(true);
    this.showResult('progress', this.init?.texts.testing ?? '');
    this.vscode.postMessage({ type: 'testConnection', requestId: this.pendingTest, fields: this.form.readFields() });
  }

  private fillFromConnectionString(): void {
    const value = this.pasteField.value.trim();
    if (value === '') return;
    this.vscode.postMessage({ type: 'parseConnectionString', text: value });
  }

  private onMessage(message: FormExtensionMessage<F, C>): void {
    switch (message.type) {
      case 'init': {
        this.init = message;
        this.form.writeFields(message.fields);
        byId<VscodeTextfield>('password').placeholder = message.passwordRemembered ? message.texts.passwordUnchanged : '';
        break;
      }
      case 'testResult': {
        if (message.requestId !== this.pendingTest) return; // an answer to an earlier click
        this.setBusy(false);
        this.showResult(message.ok ? 'ok' : 'error', message.ok ? message.text : [message.text, message.hint].filter(Boolean).join(' '));
        break;
      }
      case 'validation': {
        this.setBusy(false);
        this.testResult.hidden = true;
        this.showIssues(this.form.issueFields, message.issues);
        if (message.issues.length > 0) this.focusField(message.issues[0].field);
        break;
      }
      case 'connectionStringParsed': {
        this.form.writeFields(message.patch);
        // The pasted text may hold a password: it is in the password field now, so clear the paste box.
        this.pasteField.value = '';
        const filled = Object.keys(message.patch) as (keyof F & string)[];
        for (const f of filled) if (this.touched.has(f) || this.form.validateWhenFilled?.includes(f)) this.validateOne(f);
        const init = this.init;
        const unknown = message.unknownKeys.length > 0 && init ? ` ${init.texts.unknownKeys.replace('{keys}', message.unknownKeys.join(', '))}` : '';
        this.pasteResult.className = 'helper ok';
        this.pasteResult.textContent = (init?.texts.connectionStringFilled ?? '') + unknown;
        break;
      }
      case 'error': {
        this.setBusy(false);
        if (message.context === 'connectionString') {
          this.pasteResult.className = 'helper error';
          this.pasteResult.textContent = message.text;
        } else {
          this.showResult('error', message.text);
        }
        break;
      }
    }
  }
}
