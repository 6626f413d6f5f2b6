/**
 * Pure modules localize through this port: the extension passes an adapter over `vscode.l10n`, tests pass
 * `englishL10n`. The calls read `l10n.t('…')`, the shape string-extraction tools look for.
 */
export interface L10n {
  t(message: string, args?: Record<string, string | number>): string;
}

/** Replaces `{name}` placeholders like vscode.l10n.t does when no translation exists; unknown ones stay. */
export function formatMessage(message: string, args?: Record<string, string | number>): string {
  if (!args) return message;
  return message.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(args, key) ? String(args[key]) : whole,
  );
}

export const englishL10n: L10n = { t: formatMessage };
