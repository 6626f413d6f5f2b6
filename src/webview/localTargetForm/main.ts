/**
 * The local database form's script (browser side): the shared form client with this form's five fields and the
 * certificate warning. The extension validates again and saves.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import '../connectForm/connectForm.css';
import type { LocalTargetFields, LocalTargetIssueCode } from '../../shared/localTargetFormProtocol';
import { validateLocalTargetField, validateLocalTargetForm } from '../../shared/localTargetFormValidation';
import { byId, FormClient } from '../shared/formClient';

const textFields = ['server', 'database', 'login', 'password'] as const;
const trust = byId<VscodeCheckbox>('trustServerCertificate');
const trustWarning = byId<HTMLDivElement>('trustServerCertificate-warning');

function readFields(): LocalTargetFields {
  const value = (name: (typeof textFields)[number]) => byId<VscodeTextfield>(name).value;
  return { server: value('server'), database: value('database'), login: value('login'), password: value('password'), trustServerCertificate: trust.checked };
}

function writeFields(fields: Partial<LocalTargetFields>): void {
  for (const name of textFields) {
    const value = fields[name];
    if (value !== undefined) byId<VscodeTextfield>(name).value = value;
  }
  if (fields.trustServerCertificate !== undefined) trust.checked = fields.trustServerCertificate;
  trustWarning.hidden = !trust.checked;
}

const client = new FormClient<LocalTargetFields, LocalTargetIssueCode>(
  {
    textFields,
    issueFields: textFields,
    readFields,
    writeFields,
    validateField: validateLocalTargetField,
    validateForm: validateLocalTargetForm,
    validateWhenFilled: ['server'],
  },
  [byId<VscodeButton>('testConnection'), byId<VscodeButton>('save')],
);

byId<HTMLFormElement>('form').addEventListener('submit', (event) => {
  event.preventDefault();
  client.save();
});
trust.addEventListener('change', () => {
  trustWarning.hidden = !trust.checked;
});
