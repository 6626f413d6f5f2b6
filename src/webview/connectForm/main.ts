/**
 * The connect form's script (browser side). It only moves values between the page and the extension: the
 * extension validates again, connects, stores. Imports nothing but the protocol, the shared validation and
 * the elements it uses.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeCollapsible } from '@vscode-elements/elements/dist/vscode-collapsible/vscode-collapsible.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import './connectForm.css';
import type {
  ConnectFormFieldName,
  ConnectFormFields,
  ExtensionMessage,
  FieldIssue,
  InitMessage,
  WebviewMessage,
} from '../../shared/connectFormProtocol';
import { validateConnectForm, validateField } from '../../shared/connectFormValidation';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// Acquired once and kept in this module's scope, as the webview docs ask.
const vscode = acquireVsCodeApi();

const textFields = ['server', 'login', 'password', 'database', 'connectTimeoutSeconds', 'project', 'environment', 'scheduleTime', 'scheduleHours'] as const;
const checkFields = ['rememberPassword', 'trustServerCertificate'] as const;
const insideOptions: ConnectFormFieldName[] = ['database', 'encrypt', 'connectTimeoutSeconds'];

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The form has no #${id}.`);
  return element as T;
}

const form = byId<HTMLFormElement>('form');
const options = byId<VscodeCollapsible>('options');
const testResult = byId<HTMLDivElement>('testResult');
const pasteField = byId<VscodeTextfield>('connectionString');
const pasteResult = byId<HTMLDivElement>('connectionString-result');
const trustWarning = byId<HTMLDivElement>('trustServerCertificate-warning');
const scheduleSelect = byId<VscodeSingleSelect>('schedule');
const encryptSelect = byId<VscodeSingleSelect>('encrypt');
const encryptWarning = byId<HTMLDivElement>('encrypt-warning');
const buttons = {
  test: byId<VscodeButton>('testConnection'),
  save: byId<VscodeButton>('save'),
  saveAndBackUp: byId<VscodeButton>('saveAndBackUp'),
  cancel: byId<VscodeButton>('cancel'),
  fill: byId<VscodeButton>('fillFromConnectionString'),
};

let init: InitMessage | undefined;
let nextRequestId = 1;
let pendingTest = 0;
/** Fields the person has left at least once: their issues show as they type; others wait for blur or submit. */
const touched = new Set<ConnectFormFieldName>();

function text(name: (typeof textFields)[number]): VscodeTextfield {
  return byId<VscodeTextfield>(name);
}
function check(name: (typeof checkFields)[number]): VscodeCheckbox {
  return byId<VscodeCheckbox>(name);
}

function readFields(): ConnectFormFields {
  return {
    project: text('project').value,
    environment: text('environment').value,
    server: text('server').value,
    login: text('login').value,
    password: text('password').value,
    rememberPassword: check('rememberPassword').checked,
    database: text('database').value,
    encrypt: encryptSelect.value,
    trustServerCertificate: check('trustServerCertificate').checked,
    connectTimeoutSeconds: text('connectTimeoutSeconds').value,
    schedule: scheduleSelect.value,
    scheduleTime: text('scheduleTime').value,
    scheduleHours: text('scheduleHours').value,
  };
}

/** Only the field the chosen schedule uses is shown. */
function updateScheduleRows(): void {
  const kind = scheduleSelect.value;
  const rowOf = (id: string) => byId<HTMLElement>(id).closest<HTMLElement>('.row');
  const time = rowOf('scheduleTime');
  const hours = rowOf('scheduleHours');
  if (time) time.style.display = kind === 'daily' ? '' : 'none';
  if (hours) hours.style.display = kind === 'interval' ? '' : 'none';
}

function writeFields(fields: Partial<ConnectFormFields>): void {
  for (const name of textFields) {
    const value = fields[name];
    if (value !== undefined) text(name).value = value;
  }
  for (const name of checkFields) {
    const value = fields[name];
    if (value !== undefined) check(name).checked = value;
  }
  if (fields.schedule !== undefined) scheduleSelect.value = fields.schedule;
  if (fields.encrypt !== undefined) encryptSelect.value = fields.encrypt;
  updateTlsWarnings();
  updateScheduleRows();
}

function context() {
  return { passwordRemembered: init?.passwordRemembered ?? false };
}

function issueText(issue: FieldIssue): string {
  if (!init) return '';
  return init.issueTexts[issue.code].split('{field}').join(init.fieldLabels[issue.field]);
}

/** Shows the issues of the given fields (and clears those fields' old issues). */
function showIssues(fields: readonly ConnectFormFieldName[], issues: readonly FieldIssue[]): void {
  for (const field of fields) {
    const slot = document.getElementById(`${field}-issue`);
    const control = document.getElementById(field) as (HTMLElement & { invalid?: boolean }) | null;
    if (!slot || !control) continue;
    const issue = issues.find((i) => i.field === field);
    slot.textContent = issue ? issueText(issue) : '';
    slot.hidden = !issue;
    control.invalid = issue !== undefined;
  }
}

function validateOne(field: ConnectFormFieldName): void {
  showIssues([field], validateField(field, readFields(), context()));
}

/** Validates everything; on failure opens Options if needed and puts the cursor on the first bad field. */
function validateAll(): boolean {
  const issues = validateConnectForm(readFields(), context());
  showIssues([...textFields, 'encrypt', 'schedule'], issues);
  for (const i of issues) touched.add(i.field);
  if (issues.length === 0) return true;
  focusField(issues[0].field);
  return false;
}

function focusField(field: ConnectFormFieldName): void {
  if (insideOptions.includes(field)) options.open = true;
  // The collapsible renders its body on the next frame; focus after that.
  requestAnimationFrame(() => byId<HTMLElement>(field).focus());
}

/** Each weakened TLS choice shows its warning while it is chosen. */
function updateTlsWarnings(): void {
  trustWarning.hidden = !check('trustServerCertificate').checked;
  encryptWarning.hidden = encryptSelect.value !== 'optional';
}

function setBusy(busy: boolean): void {
  for (const b of [buttons.test, buttons.save, buttons.saveAndBackUp]) b.disabled = busy;
}

function showResult(kind: 'ok' | 'error' | 'progress', message: string): void {
  testResult.hidden = false;
  testResult.className = `result ${kind}`;
  testResult.textContent = message;
}

function submit(backUp: boolean): void {
  if (!validateAll()) return;
  setBusy(true);
  showResult('progress', init?.texts.saving ?? '');
  vscode.postMessage({ type: 'save', fields: readFields(), backUp });
}

function testConnection(): void {
  if (!validateAll()) return;
  pendingTest = nextRequestId++;
  setBusy(true);
  showResult('progress', init?.texts.testing ?? '');
  vscode.postMessage({ type: 'testConnection', requestId: pendingTest, fields: readFields() });
}

function fillFromConnectionString(): void {
  const value = pasteField.value.trim();
  if (value === '') return;
  vscode.postMessage({ type: 'parseConnectionString', text: value });
}

function onMessage(message: ExtensionMessage): void {
  switch (message.type) {
    case 'init': {
      init = message;
      writeFields(message.fields);
      text('password').placeholder = message.passwordRemembered ? message.texts.passwordUnchanged : '';
      break;
    }
    case 'testResult': {
      if (message.requestId !== pendingTest) return; // an answer to an earlier click
      setBusy(false);
      showResult(message.ok ? 'ok' : 'error', message.ok ? message.text : [message.text, message.hint].filter(Boolean).join(' '));
      break;
    }
    case 'validation': {
      setBusy(false);
      testResult.hidden = true;
      showIssues([...textFields, 'encrypt', 'schedule'], message.issues);
      if (message.issues.length > 0) focusField(message.issues[0].field);
      break;
    }
    case 'connectionStringParsed': {
      writeFields(message.patch);
      // The pasted text may hold a password: it is in the password field now, so clear the paste box.
      pasteField.value = '';
      const filled = Object.keys(message.patch) as ConnectFormFieldName[];
      for (const f of filled) if (touched.has(f) || f === 'database') validateOne(f);
      const unknown = message.unknownKeys.length > 0 && init ? ` ${init.texts.unknownKeys.replace('{keys}', message.unknownKeys.join(', '))}` : '';
      pasteResult.className = 'helper ok';
      pasteResult.textContent = (init?.texts.connectionStringFilled ?? '') + unknown;
      break;
    }
    case 'error': {
      setBusy(false);
      if (message.context === 'connectionString') {
        pasteResult.className = 'helper error';
        pasteResult.textContent = message.text;
      } else {
        showResult('error', message.text);
      }
      break;
    }
  }
}

// ---- wiring ---------------------------------------------------------------------------------------

form.addEventListener('submit', (event) => {
  event.preventDefault();
  submit(false);
});
buttons.saveAndBackUp.addEventListener('click', () => submit(true));
buttons.test.addEventListener('click', testConnection);
buttons.cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
buttons.fill.addEventListener('click', fillFromConnectionString);

// The paste box sits outside the form, so Enter there fills the fields instead of saving.
pasteField.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    fillFromConnectionString();
  }
});
pasteField.addEventListener('paste', () => setTimeout(fillFromConnectionString, 0));

for (const name of textFields) {
  const field = text(name);
  field.addEventListener('blur', () => {
    touched.add(name);
    validateOne(name);
  });
  field.addEventListener('input', () => {
    if (touched.has(name)) validateOne(name);
  });
}
check('rememberPassword').addEventListener('change', () => {
  validateOne('password');
  validateOne('schedule');
});
scheduleSelect.addEventListener('change', () => {
  updateScheduleRows();
  for (const field of ['schedule', 'scheduleTime', 'scheduleHours'] as const) validateOne(field);
});
check('trustServerCertificate').addEventListener('change', updateTlsWarnings);
encryptSelect.addEventListener('change', () => {
  updateTlsWarnings();
  validateOne('encrypt');
});

window.addEventListener('message', (event: MessageEvent<ExtensionMessage>) => onMessage(event.data));
vscode.postMessage({ type: 'ready' });
