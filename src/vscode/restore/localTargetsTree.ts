/**
 * What the Local Databases view shows, as plain data: one row per saved restore target (database, server), a
 * tooltip with the login and how the certificate is checked, and the contextValue package.json's menus match.
 */
import type { TreeIcon } from '../model/environmentsTree';
import type { L10n } from '../model/l10n';
import { escapeMarkdown } from '../model/markdown';
import type { LocalTarget } from './localTargets';

/** package.json's `when` clauses use exactly this string. */
export const localTargetContextValue = 'localDatabase';

export interface LocalTargetNodeModel {
  kind: 'localTarget';
  /** Stable tree item id, so selection survives refreshes. */
  key: string;
  targetId: string;
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  contextValue: string;
  icon: TreeIcon;
}

/** The targets in the store's order (by database, then server). */
export function buildLocalTargetTree(targets: readonly LocalTarget[], l10n: L10n): LocalTargetNodeModel[] {
  return targets.map((t) => ({
    kind: 'localTarget' as const,
    key: `localTarget:${t.id}`,
    targetId: t.id,
    label: t.database,
    description: t.server,
    tooltip: targetTooltip(t, l10n),
    contextValue: localTargetContextValue,
    // A trusted certificate is a weakened connection: the icon says so as the tooltip does.
    icon: t.trustServerCertificate ? { id: 'database', color: 'list.warningForeground' } : { id: 'database' },
  }));
}

function targetTooltip(t: LocalTarget, l10n: L10n): string {
  return [
    `**${escapeMarkdown(t.database)}**`,
    '',
    `${l10n.t('Server')}: ${escapeMarkdown(t.server)}  `,
    `${l10n.t('Database')}: ${escapeMarkdown(t.database)}  `,
    `${l10n.t('Login')}: ${escapeMarkdown(t.user)}  `,
    `${l10n.t('Encrypt')}: ${l10n.t('Mandatory')}` + (t.trustServerCertificate ? ` · ${l10n.t('trusts any server certificate')}` : '') + '  ',
    ...(t.trustServerCertificate ? [`⚠ ${l10n.t('The server certificate is not checked: the connection could be intercepted.')}  `] : []),
    '',
    l10n.t('Restores into this database create it when it does not exist.'),
  ].join('\n');
}
