/**
 * What the Backups view shows, as plain data: per environment, the .bacpac files in its folder, newest first,
 * with date, size and whether they were verified (by path and modification time).
 */
import { basename } from 'node:path';
import { environmentTitle, type CloudEnvironment } from './cloudEnvironment';
import { formatBytes, formatDateTime } from '../../shared/format';
import type { L10n } from './l10n';
import { escapeMarkdown } from './markdown';
import type { VerificationRecord } from './verificationCache';
import type { TreeIcon } from './environmentsTree';

export const backupContextValues = {
  folder: 'backupFolder',
  file: 'backupFile',
  message: 'backupMessage',
} as const;

export interface BackupFileInfo {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface BackupFileNodeModel {
  kind: 'file';
  key: string;
  path: string;
  label: string;
  description: string;
  tooltip: string;
  contextValue: string;
  icon: TreeIcon;
  verification: 'verified' | 'failed' | 'unverified';
}

export interface BackupMessageNodeModel {
  kind: 'message';
  key: string;
  label: string;
  contextValue: string;
  icon: TreeIcon;
}

export interface BackupFolderNodeModel {
  kind: 'folder';
  key: string;
  environmentId: string;
  folder: string;
  label: string;
  description: string;
  tooltip: string;
  contextValue: string;
  icon: TreeIcon;
  children: (BackupFileNodeModel | BackupMessageNodeModel)[];
}

/** Finished packages only: the core writes to a temporary name and renames after verification. */
export function isBackupFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.bacpac') && !lower.endsWith('.tmp.bacpac') && !lower.startsWith('.');
}

export type FolderListing = { files: BackupFileInfo[] } | { error: string };

export function buildBackupFolderNode(
  env: CloudEnvironment,
  folder: string,
  listing: FolderListing,
  verification: (file: BackupFileInfo) => VerificationRecord | undefined,
  l10n: L10n,
): BackupFolderNodeModel {
  const files = 'files' in listing ? [...listing.files].sort((a, b) => b.mtimeMs - a.mtimeMs) : [];
  let children: (BackupFileNodeModel | BackupMessageNodeModel)[];
  if ('error' in listing) {
    children = [message(env, listing.error, 'warning')];
  } else if (files.length === 0) {
    children = [message(env, l10n.t('No backups yet'), 'info')];
  } else {
    children = files.map((f) => fileNode(f, verification(f), l10n));
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  return {
    kind: 'folder',
    key: `backups:${env.id}`,
    environmentId: env.id,
    folder,
    label: environmentTitle(env),
    description:
      files.length === 0
        ? ''
        : files.length === 1
          ? l10n.t('1 backup, {size}', { size: formatBytes(total) })
          : l10n.t('{count} backups, {size}', { count: files.length, size: formatBytes(total) }),
    tooltip: `**${escapeMarkdown(environmentTitle(env))}**\n\n${escapeMarkdown(folder)}`,
    contextValue: backupContextValues.folder,
    icon: { id: 'folder' },
    children,
  };
}

function message(env: CloudEnvironment, label: string, icon: string): BackupMessageNodeModel {
  return { kind: 'message', key: `backups:${env.id}:message`, label, contextValue: backupContextValues.message, icon: { id: icon } };
}

function fileNode(file: BackupFileInfo, record: VerificationRecord | undefined, l10n: L10n): BackupFileNodeModel {
  const verification = record === undefined ? 'unverified' : record.ok ? 'verified' : 'failed';
  const state =
    verification === 'verified'
      ? l10n.t('verified')
      : verification === 'failed'
        ? l10n.t('verification failed')
        : l10n.t('not verified');
  const icon: TreeIcon =
    verification === 'verified'
      ? { id: 'pass', color: 'testing.iconPassed' }
      : verification === 'failed'
        ? { id: 'error', color: 'testing.iconFailed' }
        : { id: 'package' };
  const date = formatDateTime(file.mtimeMs);
  const lines = [
    `**${escapeMarkdown(basename(file.path))}**`,
    '',
    `${escapeMarkdown(file.path)}  `,
    `${l10n.t('Size')}: ${formatBytes(file.size)}  `,
    `${l10n.t('Modified')}: ${date}  `,
  ];
  if (record) {
    lines.push(
      l10n.t('Checked {when}: {state}, {errors} errors, {warnings} warnings', {
        when: formatDateTime(record.checkedAt),
        state,
        errors: record.errors,
        warnings: record.warnings,
      }),
    );
  } else {
    lines.push(l10n.t('Not verified yet.'));
  }
  return {
    kind: 'file',
    key: `backup:${file.path}`,
    path: file.path,
    label: basename(file.path),
    description: `${date} · ${formatBytes(file.size)} · ${state}`,
    tooltip: lines.join('\n'),
    contextValue: backupContextValues.file,
    icon,
    verification,
  };
}
