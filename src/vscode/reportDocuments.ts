/**
 * Verification reports as read-only virtual Markdown documents, shown in the Markdown preview: readable,
 * theme-aware, searchable and copyable without a webview of our own.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { reportScheme } from './model/commandIds';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly documents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(reportScheme, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString()) ?? '';
  }

  /** One document per package path, replaced when the package is verified again. */
  async show(packagePath: string, markdown: string): Promise<void> {
    await this.open(`/${basename(packagePath)}.verification.md`, encodeURIComponent(packagePath), markdown);
  }

  /** A report that belongs to no package (Back Up All's summary); `name` ends in .md. */
  async showNamed(name: string, markdown: string): Promise<void> {
    await this.open(`/${name}`, '', markdown);
  }

  private async open(path: string, query: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: reportScheme, path, query });
    this.documents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // The built-in Markdown extension can be disabled; the source is readable too.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
