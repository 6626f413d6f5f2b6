// The extension loads in a real VS Code, registers what package.json promises, and its log channel works.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { contributedCommands, extensionId } from './project';

const LOG_CHANNEL = 'Cloud Database Backup';

async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded`);
  await extension.activate();
  return extension;
}

/** Output channels are text documents with the `output` scheme once shown; wait for ours to appear. */
async function waitForOutputDocument(name: string, timeoutMs: number): Promise<vscode.TextDocument> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.uri.path.includes(name));
    if (doc) return doc;
    if (Date.now() > deadline) {
      const seen = vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ');
      throw new Error(`no output document for "${name}" within ${timeoutMs} ms; open documents: ${seen || 'none'}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the extension activates in the extension host', async () => {
  const extension = await activatedExtension();
  assert.equal(extension.isActive, true);
});

test('every command contributed in package.json is registered', async () => {
  await activatedExtension();
  assert.ok(contributedCommands.length > 0, 'package.json contributes no commands');
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributedCommands.map((c) => c.command).filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  assert.ok(registered.has('cloudDatabaseBackup.showLog'));
});

test('Show Log reveals the "Cloud Database Backup" log channel with the activation line', async () => {
  await activatedExtension();
  await vscode.commands.executeCommand('cloudDatabaseBackup.showLog');
  // Generous bounds, not waits: the Output view opens its document when the panel renders, which on a loaded
  // machine (CI with other work on both cores) took longer than 10 s once.
  const doc = await waitForOutputDocument(LOG_CHANNEL, 60_000);
  const deadline = Date.now() + 30_000;
  while (!doc.getText().includes('activated') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.match(doc.getText(), /activated/i);
}, { timeoutMs: 100_000 });
