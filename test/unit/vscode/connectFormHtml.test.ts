import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectFormFieldNames, encryptChoices } from '../../../src/shared/connectFormProtocol';
import { connectFormHtml, contentSecurityPolicy } from '../../../src/vscode/model/connectFormHtml';
import { englishL10n, type L10n } from '../../../src/vscode/model/l10n';

const page = {
  mode: 'add' as const,
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123+/',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/connectForm.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/connectForm.css',
  language: 'de',
};

test('the CSP allows only our stylesheet, nonce scripts and styles, and our fonts', () => {
  assert.equal(
    contentSecurityPolicy(page.cspSource, 'N'),
    "default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-N'; script-src 'nonce-N'; font-src https://file+.vscode-resource.vscode-cdn.net",
  );
  const html = connectFormHtml(page, englishL10n);
  assert.ok(html.includes(`content="default-src &#39;none&#39;; style-src ${page.cspSource} &#39;nonce-abc123+/&#39;`));
  assert.ok(html.includes(`<script nonce="abc123+/" src="${page.scriptUri}"></script>`));
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, no inline ones');
  assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handlers');
  assert.ok(!/\sstyle=/i.test(html), 'no inline styles');
});

test('every form field has a control with its id and a label pointing at it', () => {
  const html = connectFormHtml(page, englishL10n);
  const textFields = connectFormFieldNames.filter((f) => !['rememberPassword', 'trustServerCertificate'].includes(f));
  for (const field of textFields) {
    assert.ok(html.includes(`<vscode-label for="${field}"`), `label for ${field}`);
    const control = field === 'schedule' || field === 'encrypt' ? 'vscode-single-select' : 'vscode-textfield';
    assert.ok(html.includes(`<${control} id="${field}"`), `control ${field}`);
    assert.ok(html.includes(`id="${field}-issue" role="alert"`), `issue slot for ${field}`);
  }
  for (const field of ['rememberPassword', 'trustServerCertificate']) {
    assert.ok(html.includes(`<vscode-checkbox id="${field}"`), field);
  }
  assert.ok(html.includes('<vscode-single-select id="authentication" disabled'), 'authentication is fixed');
  assert.ok(html.includes('type="password"'));
  for (const id of ['testConnection', 'save', 'saveAndBackUp', 'fillFromConnectionString', 'testResult', 'options', 'trustServerCertificate-warning', 'encrypt-warning']) {
    assert.ok(html.includes(`id="${id}"`), id);
  }
  assert.ok(html.includes('<vscode-button id="save" type="submit">'), 'Enter submits Save');
  assert.ok(html.includes('<html lang="de">'));
});

test('all text is localized and escaped', () => {
  const shouting: L10n = { t: (m) => `<${m.toUpperCase()}>` };
  const html = connectFormHtml({ ...page, mode: 'edit' }, shouting);
  assert.ok(html.includes('&lt;EDIT CLOUD ENVIRONMENT&gt;'));
  assert.ok(html.includes('&lt;CONNECT TO DATABASE&gt;'));
  assert.ok(!html.includes('<EDIT'), 'nothing unescaped');
});

test('Encrypt offers SSMS 20\'s three choices, Mandatory, Optional and Strict, with values the protocol knows', () => {
  const html = connectFormHtml(page, englishL10n);
  const select = /<vscode-single-select id="encrypt"[^>]*>([\s\S]*?)<\/vscode-single-select>/.exec(html);
  assert.ok(select, 'Encrypt is a vscode-single-select');
  const values = [...select[1].matchAll(/<vscode-option value="([^"]+)">([^<]*)</g)].map((m) => `${m[1]}=${m[2]}`);
  assert.deepEqual(values.map((v) => v.split('=')[0]), [...encryptChoices]);
  assert.match(values.join(' '), /mandatory=Mandatory optional=Optional strict=Strict/);
  assert.ok(!html.includes('<vscode-checkbox id="encrypt"'), 'no on/off checkbox that would turn Strict into Mandatory');
  assert.ok(html.includes('<vscode-label for="encrypt">Encrypt</vscode-label>'));
});
