/**
 * The local database form's HTML (Add/Edit Local Database): server, authentication, login, password, database and
 * the certificate choice, built from the same pieces as the connect form and styled by its stylesheet.
 */
import { formControls, formDocument, formFooter, pasteSection, type FormPage } from '../model/formHtml';
import { escapeHtml as e } from '../model/html';
import type { L10n } from '../model/l10n';
import { localTargetFieldLabels } from './localTargetFormModel';

/** The certificate warning, worded as the connect form words it, with when it is acceptable here. */
export function trustCertificateWarning(l10n: L10n): string {
  return `${l10n.t('The server\'s identity is no longer checked, so the connection could be intercepted.')} ${l10n.t('Use it only for a SQL Server on this computer or a container with a self-signed certificate.')}`;
}

export function localTargetFormHtml(page: FormPage, l10n: L10n): string {
  const { row, text, checkbox } = formControls(localTargetFieldLabels(l10n));
  const title = page.mode === 'add' ? l10n.t('Add Local Database') : l10n.t('Edit Local Database');
  const lead = l10n.t('A SQL Server of your own to restore backups into: SQL Server Express or Developer, or a SQL Server container. LocalDB cannot be used, nor a Cloud database.');
  return formDocument(page, title, lead, `${pasteSection(l10n, 'Server=localhost,1433;Database=…;User Id=sa;Password=…')}

    <form id="form" novalidate>
      <fieldset>
        <legend>${e(l10n.t('Server'))}</legend>
        ${row('server', text('server', 'autofocus spellcheck="false" placeholder="localhost,1433"'), e(l10n.t('Host and TCP port, e.g. localhost,1433 for a container or a Developer edition.')), true)}
        <div class="row">
          <vscode-label for="authentication">${e(l10n.t('Authentication'))}</vscode-label>
          <div class="control">
            <vscode-single-select id="authentication" disabled>
              <vscode-option selected>${e(l10n.t('SQL Server Authentication'))}</vscode-option>
            </vscode-single-select>
          </div>
        </div>
        ${row('login', text('login', 'autocomplete="off" spellcheck="false"'), '', true)}
        ${row('password', text('password', 'type="password" autocomplete="off"'), e(l10n.t('Stored in the operating system\'s secure storage, never in settings.')))}
        <div class="row">
          <span></span>
          <div class="control">${checkbox('trustServerCertificate')}
            <div class="helper">${e(l10n.t('The connection is always encrypted.'))}</div>
            <div class="warning" id="trustServerCertificate-warning" role="alert" hidden>${e(trustCertificateWarning(l10n))}</div>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>${e(l10n.t('Restore into'))}</legend>
        ${row('database', text('database', 'spellcheck="false"'), e(l10n.t('Created by the first restore when it does not exist; a database that is not empty is replaced only after you confirm.')), true)}
      </fieldset>

      ${formFooter(l10n)}
    </form>`);
}
