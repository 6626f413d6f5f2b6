/** "Open Schema Script" on a backup: the package's schema as T-SQL (script/), in a new SQL editor, not saved. */
import * as vscode from 'vscode';
import { BacpacPackageReader } from '../../core/package/bacpacReader';
import { buildSchemaScript, renderSchemaScript } from '../../core/script';
import { readPackageModel, skippedPrincipals } from '../../core/script/packageModel';
import type { L10n } from '../model/l10n';

export async function openSchemaScript(path: string, l10n: L10n): Promise<void> {
  let text: string;
  try {
    const reader = await BacpacPackageReader.open(path);
    try {
      const parsed = await readPackageModel(reader);
      const skipped = skippedPrincipals(parsed);
      text = renderSchemaScript(buildSchemaScript(parsed.model), [
        `Schema of ${parsed.model.name || 'the database'} from ${path}`,
        `Database collation: ${parsed.model.collation}. Run it in an empty database.`,
        ...(skipped.length > 0 ? [`Not scripted (principals and permissions): ${skipped.join(', ')}`] : []),
      ]);
    } finally {
      await reader.close();
    }
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Could not read the schema of {file}: {reason}', { file: path, reason: e instanceof Error ? e.message : String(e) }));
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'sql', content: text });
  await vscode.window.showTextDocument(document, { preview: false });
}
