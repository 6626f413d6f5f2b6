/**
 * The connect form's HTML: laid out like SSMS's "Connect to Server" dialog (server, authentication, login,
 * password, then Options with the database), with every text localized by the extension and escaped here.
 * The script fills in values after its `ready`, so no user data is ever put into the markup.
 */
import type { ConnectFormFieldName } from '../../shared/connectFormProtocol';
import { connectTimeoutRange } from '../../shared/connectFormValidation';
import { intervalHoursRange } from '../../shared/scheduleRules';
import { fieldLabels } from './connectFormModel';
import { escapeHtml } from './html';
import type { L10n } from './l10n';

export interface ConnectFormPage {
  mode: 'add' | 'edit';
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh for every render. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** `vscode.env.language`, for the page's lang attribute (screen readers pick their voice from it). */
  language: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function connectFormHtml(page: ConnectFormPage, l10n: L10n): string {
  const e = escapeHtml;
  const label = fieldLabels(l10n);
  const title = page.mode === 'add' ? l10n.t('Add Cloud Environment') : l10n.t('Edit Cloud Environment');

  /** One labelled row: label left, control and its helper/issue text right (stacks on narrow panels). */
  const row = (field: ConnectFormFieldName, control: string, helper = '', required = false) => `
        <div class="row">
          <vscode-label for="${field}"${required ? ' required' : ''}>${e(label[field])}</vscode-label>
          <div class="control">
            ${control}
            ${helper ? `<div class="helper" id="${field}-helper">${helper}</div>` : ''}
            <div class="issue" id="${field}-issue" role="alert" hidden></div>
          </div>
        </div>`;
  const text = (field: ConnectFormFieldName, attrs = '') =>
    `<vscode-textfield id="${field}" name="${field}" aria-describedby="${field}-helper ${field}-issue" ${attrs}></vscode-textfield>`;
  /** A dropdown of fixed choices; `choices` are [value, localized text]. */
  const select = (field: ConnectFormFieldName, choices: [string, string][], after = '') =>
    `<vscode-single-select id="${field}" name="${field}" aria-describedby="${field}-helper ${field}-issue">
              ${choices.map(([value, caption]) => `<vscode-option value="${value}">${e(caption)}</vscode-option>`).join('\n              ')}
            </vscode-single-select>${after}`;
  const checkbox = (field: ConnectFormFieldName) =>
    `<vscode-checkbox id="${field}" name="${field}">${e(label[field])}</vscode-checkbox>`;

  return `<!DOCTYPE html>
<html lang="${e(page.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(page.cspSource, page.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${e(page.styleUri)}" nonce="${e(page.nonce)}">
  <title>${e(title)}</title>
</head>
<body>
  <main class="dialog" aria-labelledby="title">
    <header>
      <h1 id="title">${e(title)}</h1>
      <p class="lead">${e(l10n.t('Copy the server name, login, password and database from the environment\'s SQL connection details in the Umbraco Cloud portal, or paste a connection string.'))}</p>
    </header>

    <section class="paste" aria-labelledby="paste-label">
      <vscode-label id="paste-label" for="connectionString">${e(l10n.t('Paste connection string'))}</vscode-label>
      <div class="paste-line">
        <vscode-textfield id="connectionString" type="password" autocomplete="off"
          placeholder="${e('server=…;database=…;user id=…;password=…')}" aria-describedby="connectionString-result"></vscode-textfield>
        <vscode-button id="fillFromConnectionString" secondary>${e(l10n.t('Fill In'))}</vscode-button>
      </div>
      <div class="helper" id="connectionString-result" role="status"></div>
    </section>

    <form id="form" novalidate>
      <fieldset>
        <legend>${e(l10n.t('Server'))}</legend>
        ${row('server', text('server', 'autofocus spellcheck="false" placeholder="tcp:example.database.windows.net,1433"'), '', true)}
        <div class="row">
          <vscode-label for="authentication">${e(l10n.t('Authentication'))}</vscode-label>
          <div class="control">
            <vscode-single-select id="authentication" disabled aria-describedby="authentication-helper">
              <vscode-option selected>${e(l10n.t('SQL Server Authentication'))}</vscode-option>
            </vscode-single-select>
            <div class="helper" id="authentication-helper">${e(l10n.t('Umbraco Cloud databases use SQL Server logins.'))}</div>
          </div>
        </div>
        ${row('login', text('login', 'autocomplete="off" spellcheck="false"'), '', true)}
        ${row('password', text('password', 'type="password" autocomplete="off"'))}
        <div class="row">
          <span></span>
          <div class="control">${checkbox('rememberPassword')}
            <div class="helper" id="rememberPassword-helper">${e(l10n.t('Stored in the operating system\'s secure storage, never in settings.'))}</div>
          </div>
        </div>
      </fieldset>

      <vscode-collapsible id="options" heading="${e(l10n.t('Options'))}" open>
        <div class="collapsible-body">
          ${row(
            'database',
            text('database', 'spellcheck="false"'),
            `<span class="warn-icon" aria-hidden="true">⚠</span> ${e(
              l10n.t('Required: Umbraco Cloud logins belong to one database, so without it the connection fails.'),
            )}`,
            true,
          )}
          ${row(
            'encrypt',
            select(
              'encrypt',
              [
                ['mandatory', l10n.t('Mandatory')],
                ['optional', l10n.t('Optional')],
                ['strict', l10n.t('Strict (SQL Server 2022 and Azure SQL)')],
              ],
              `<div class="warning" id="encrypt-warning" role="alert" hidden>${e(
                l10n.t('The login, the password and every row would cross the network unencrypted. Azure SQL and Umbraco Cloud always support encryption.'),
              )}</div>`,
            ),
            e(l10n.t('Strict encrypts before the server says anything (TDS 8).')),
          )}
          <div class="row">
            <span></span>
            <div class="control">${checkbox('trustServerCertificate')}
              <div class="warning" id="trustServerCertificate-warning" role="alert" hidden>${e(
                l10n.t('The server\'s identity is no longer checked, so the connection could be intercepted. Azure SQL and Umbraco Cloud never need this.'),
              )}</div>
            </div>
          </div>
          ${row(
            'connectTimeoutSeconds',
            text('connectTimeoutSeconds', `type="number" min="${connectTimeoutRange.min}" max="${connectTimeoutRange.max}" class="short"`),
            e(l10n.t('Seconds to wait for the server to answer.')),
          )}
        </div>
      </vscode-collapsible>

      <fieldset>
        <legend>${e(l10n.t('Umbraco Cloud'))}</legend>
        ${row('project', text('project'), '', true)}
        ${row('environment', text('environment', `placeholder="${e(l10n.t('Live, Staging, Development…'))}"`), '', true)}
      </fieldset>

      <fieldset>
        <legend>${e(l10n.t('Scheduled backups'))}</legend>
        ${row(
          'schedule',
          select('schedule', [
            ['off', l10n.t('Off')],
            ['daily', l10n.t('Daily at a time')],
            ['interval', l10n.t('Every N hours')],
          ]),
          e(l10n.t('Runs while VS Code runs; a backup missed while it was closed runs shortly after it starts. Needs a remembered password.')),
        )}
        ${row('scheduleTime', text('scheduleTime', 'placeholder="03:00" spellcheck="false" class="short"'), e(l10n.t('Local time, 24-hour clock.')))}
        ${row('scheduleHours', text('scheduleHours', `type="number" min="${intervalHoursRange.min}" max="${intervalHoursRange.max}" class="short"`))}
      </fieldset>

      <div class="result" id="testResult" role="status" aria-live="polite" hidden></div>

      <footer class="buttons">
        <vscode-button id="testConnection" secondary>${e(l10n.t('Test Connection'))}</vscode-button>
        <span class="spacer"></span>
        <vscode-button id="cancel" secondary>${e(l10n.t('Cancel'))}</vscode-button>
        <vscode-button id="saveAndBackUp" secondary>${e(l10n.t('Save and Back Up'))}</vscode-button>
        <vscode-button id="save" type="submit">${e(l10n.t('Save'))}</vscode-button>
      </footer>
    </form>
  </main>
  <script nonce="${e(page.nonce)}" src="${e(page.scriptUri)}"></script>
</body>
</html>`;
}
