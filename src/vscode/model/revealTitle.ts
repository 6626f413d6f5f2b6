import type { L10n } from './l10n';

/** The words VS Code itself uses for revealFileInOS on each platform. */
export function revealTitle(platform: NodeJS.Platform, l10n: L10n): string {
  if (platform === 'win32') return l10n.t('Reveal in File Explorer');
  if (platform === 'darwin') return l10n.t('Reveal in Finder');
  return l10n.t('Open Containing Folder');
}
