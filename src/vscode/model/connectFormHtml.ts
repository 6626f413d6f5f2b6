/**
 * The connect form's HTML: laid out like SSMS's "Connect to Server" dialog (server, authentication, login,
 * password, then Options with the database), with every text localized by the extension and escaped here.
 * The script fills in values after its `ready`, so no user data is ever put into the markup.
 */
import { connectTimeoutRange } from '../../shared/connectFormValidation';
import { intervalHoursRange } from '../../shared/scheduleRules';
import { fieldLabels } from './connectFormModel';
import { contentSecurityPolicy, formControls, formDocument, formFooter, pasteSection, type FormPage } from './formHtml';
import { escapeHtml } from './html';
import type { L10n } from './l10n';

export type ConnectFormPage = FormPage;
export { contentSecurityPolicy };

export function connectFormHtml(page: ConnectFormPage, l10n: L10n): string {
  const e = escapeHtml;
  const label = fieldLabels(l10n);
  const title = page.mode === 'add' ? l10n.t('Add Cloud Environment') : l10n.t('Edit Cloud Environment');

  const { row, text, select, checkbox } = formControls(label);

  const lead = l10n.t('Copy the server name, login, password and database from the environment\'s SQL connection details in the Umbraco Cloud portal, or paste a connection string.');
  return formDocument(page, title, lead, `${pasteSection(l10n, 'server=…;database=…;user id=…;password=…')}

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

      ${formFooter(l10n, `
        <vscode-button id="saveAndBackUp" secondary>${e(l10n.t('Save and Back Up'))}</vscode-button>`)}
    </form>`);
}
