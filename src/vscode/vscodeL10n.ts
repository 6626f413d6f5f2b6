import * as vscode from 'vscode';
import type { L10n } from './model/l10n';

/** The model's localization port over vscode.l10n (bundles from package.nls / l10n folders when present). */
export const vscodeL10n: L10n = {
  t: (message, args) => (args ? vscode.l10n.t(message, args) : vscode.l10n.t(message)),
};
