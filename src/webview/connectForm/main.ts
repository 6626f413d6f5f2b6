/**
 * The connect form's script (browser side). It only moves values between the page and the extension: the
 * extension validates again, connects, stores. Imports nothing but the protocol, the shared validation, the
 * shared form client and the elements it uses.
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
import type { ConnectFormFieldName, ConnectFormFields, FieldIssueCode } from '../../shared/connectFormProtocol';
import { validateConnectForm, validateField } from '../../shared/connectFormValidation';
import { byId, FormClient } from '../shared/formClient';

const textFields = ['server', 'login', 'password', 'database', 'connectTimeoutSeconds', 'project', 'environment', 'scheduleTime', 'scheduleHours'] as const;
const checkFields = ['rememberPassword', 'trustServerCertificate'] as const;
const insideOptions: ConnectFormFieldName[] = ['database', 'encrypt', 'connectTimeoutSeconds'];

const form = byId<HTMLFormElement>('form');
const options = byId<VscodeCollapsible>('options');
const trustWarning = byId<HTMLDivElement>('trustServerCertificate-warning');
const scheduleSelect = byId<VscodeSingleSelect>('schedule');
const encryptSelect = byId<VscodeSingleSelect>('encrypt');
const encryptWarning = byId<HTMLDivElement>('encrypt-warning');

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

/** Each weakened TLS choice shows its warning while it is chosen. */
function updateTlsWarnings(): void {
  trustWarning.hidden = !check('trustServerCertificate').checked;
  encryptWarning.hidden = encryptSelect.value !== 'optional';
}

const client = new FormClient<ConnectFormFields, FieldIssueCode>(
  {
    textFields,
    issueFields: [...textFields, 'encrypt', 'schedule'],
    readFields,
    writeFields,
    validateField,
    validateForm: validateConnectForm,
    reveal: (field) => {
      if (insideOptions.includes(field)) options.open = true;
    },
    validateWhenFilled: ['database'],
  },
  [byId<VscodeButton>('testConnection'), byId<VscodeButton>('save'), byId<VscodeButton>('saveAndBackUp')],
);

// ---- wiring ---------------------------------------------------------------------------------------

form.addEventListener('submit', (event) => {
  event.preventDefault();
  client.save({ backUp: false });
});
byId<VscodeButton>('saveAndBackUp').addEventListener('click', () => client.save({ backUp: true }));
check('rememberPassword').addEventListener('change', () => {
  client.validateOne('password');
  client.validateOne('schedule');
});
scheduleSelect.addEventListener('change', () => {
  updateScheduleRows();
  for (const field of ['schedule', 'scheduleTime', 'scheduleHours'] as const) client.validateOne(field);
});
check('trustServerCertificate').addEventListener('change', updateTlsWarnings);
encryptSelect.addEventListener('change', () => {
  updateTlsWarnings();
  client.validateOne('encrypt');
});

