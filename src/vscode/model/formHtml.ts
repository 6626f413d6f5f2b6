/**
 * The pieces every form webview's HTML is built from: the page around the form (CSP, stylesheet, the one nonce
 * script), the paste-a-connection-string box, and labelled rows of @vscode-elements controls. Every text passed in
 * is escaped here; the scripts fill in values after their `ready`, so no user data is put into the markup.
 */
import { escapeHtml as e } from './html';
import type { L10n } from './l10n';

export interface FormPage {
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

/** Control builders for one form, labelled from `labels`. */
export function formControls<N extends string>(labels: Record<N, string>) {
  return {
    /** One labelled row: label left, control and its helper/issue text right (stacks on narrow panels). */
    row: (field: N, control: string, helper = '', required = false) => `
        <div class="row">
          <vscode-label for="${field}"${required ? ' required' : ''}>${e(labels[field])}</vscode-label>
          <div class="control">
            ${control}
            ${helper ? `<div class="helper" id="${field}-helper">${helper}</div>` : ''}
            <div class="issue" id="${field}-issue" role="alert" hidden></div>
          </div>
        </div>`,
    text: (field: N, attrs = '') =>
      `<vscode-textfield id="${field}" name="${field}" aria-describedby="${field}-helper ${field}-issue" ${attrs}></vscode-textfield>`,
    /** A dropdown of fixed choices; `choices` are [value, localized text]. */
    select: (field: N, choices: [string, string][], after = '') =>
      `<vscode-single-select id="${field}" name="${field}" aria-describedby="${field}-helper ${field}-issue">
              ${choices.map(([value, caption]) => `<vscode-option value="${value}">${e(caption)}</vscode-option>`).join('\n              ')}
            </vscode-single-select>${after}`,
    checkbox: (field: N) => `<vscode-checkbox id="${field}" name="${field}">${e(labels[field])}</vscode-checkbox>`,
  };
}

/** The box a connection string is pasted into; the script fills the fields from it. */
export function pasteSection(l10n: L10n, placeholder: string): string {
  return `<section class="paste" aria-labelledby="paste-label">
      <vscode-label id="paste-label" for="connectionString">${e(l10n.t('Paste connection string'))}</vscode-label>
      <div class="paste-line">
        <vscode-textfield id="connectionString" type="password" autocomplete="off"
          placeholder="${e(placeholder)}" aria-describedby="connectionString-result"></vscode-textfield>
        <vscode-button id="fillFromConnectionString" secondary>${e(l10n.t('Fill In'))}</vscode-button>
      </div>
      <div class="helper" id="connectionString-result" role="status"></div>
    </section>`;
}

/** Test Connection's result line and the buttons: Test Connection left; Cancel, `extraButtons`, Save (Enter) right. */
export function formFooter(l10n: L10n, extraButtons = ''): string {
  return `<div class="result" id="testResult" role="status" aria-live="polite" hidden></div>

      <footer class="buttons">
        <vscode-button id="testConnection" secondary>${e(l10n.t('Test Connection'))}</vscode-button>
        <span class="spacer"></span>
        <vscode-button id="cancel" secondary>${e(l10n.t('Cancel'))}</vscode-button>${extraButtons}
        <vscode-button id="save" type="submit">${e(l10n.t('Save'))}</vscode-button>
      </footer>`;
}

/** The whole page: `body` is the markup inside <main>, already escaped. */
export function formDocument(page: FormPage, title: string, lead: string, body: string): string {
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
      <p class="lead">${e(lead)}</p>
    </header>

    ${body}
  </main>
  <script nonce="${e(page.nonce)}" src="${e(page.scriptUri)}"></script>
</body>
</html>`;
}
