/**
 * The `cloudDatabaseBackup.*` settings as plain values, and the pure mapping settings + environment +
 * password → BackupRequest. The only place that knows the folder placeholders.
 */
import { createHash } from 'node:crypto';
import { BackupError } from '../../core/errors';
import { retentionPatternProblem } from '../../core/export/fileNames';
import { expandHome, platformPath, trimWindowsNames, type PathApi } from '../../core/files/platformPaths';
import { safeFolderName } from '../../core/files/safeNames';
import { defaultFileNamePattern, type BackupRequest, type Compression, type ConsistencyMode, type RowReader } from '../../core/export/types';
import { connectionSettingsOf, type CloudEnvironment } from './cloudEnvironment';
import type { L10n } from './l10n';

export interface BackupSettings {
  /** May hold `~`, `${userHome}`, `${workspaceFolder}`, `{project}`, `{environment}`, `{database}`. */
  backupsFolder: string;
  fileNamePattern: string;
  /** 0 keeps all. */
  keepLast: number;
  compression: Compression;
  excludeTableData: string[];
  consistency: ConsistencyMode;
  parallelism: number;
  /** Default connection timeout for new environments (each environment keeps its own). */
  connectionTimeoutSeconds: number;
  verifyAfterBackup: boolean;
  /** 'wire' (fast) or 'driver' (every value decoded first; the fallback should the wire reader fail on a server). */
  rowReader: RowReader;
  /** Back Up All: how many environments at a time (1 = one after another). */
  backUpAllConcurrency: number;
  /** Run the environments' schedules while VS Code runs (off on a machine that should not). */
  scheduledBackups: boolean;
  /** Restore to… and Pull to Local create users, roles and permissions too (off: a local server rarely has the login). */
  restoreIncludeUsers: boolean;
}

export const settingsSection = 'cloudDatabaseBackup';

export const defaultBackupSettings: BackupSettings = {
  backupsFolder: '~/CloudDatabaseBackups/{project}/{environment}',
  fileNamePattern: defaultFileNamePattern,
  keepLast: 0,
  compression: 'normal',
  excludeTableData: [],
  consistency: 'snapshot',
  parallelism: 4,
  connectionTimeoutSeconds: 30,
  verifyAfterBackup: true,
  rowReader: 'wire',
  backUpAllConcurrency: 1,
  scheduledBackups: true,
  restoreIncludeUsers: false,
};

const compressions: readonly Compression[] = ['none', 'fast', 'normal', 'max'];
const consistencies: readonly ConsistencyMode[] = ['snapshot', 'parallel'];
const rowReaders: readonly RowReader[] = ['wire', 'driver'];

function integerIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

/**
 * Reads the settings through `get(key)` (a WorkspaceConfiguration's get in the extension), falling back to the
 * default for each value of the wrong type: a typo in settings.json must not break a backup.
 */
export function readBackupSettings(get: (key: keyof BackupSettings) => unknown): BackupSettings {
  const d = defaultBackupSettings;
  const text = (key: keyof BackupSettings, fallback: string) => {
    const v = get(key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback;
  };
  const compression = get('compression');
  const consistency = get('consistency');
  const exclude = get('excludeTableData');
  const verify = get('verifyAfterBackup');
  const rowReader = get('rowReader');
  const scheduled = get('scheduledBackups');
  const includeUsers = get('restoreIncludeUsers');
  return {
    backupsFolder: text('backupsFolder', d.backupsFolder),
    fileNamePattern: text('fileNamePattern', d.fileNamePattern),
    keepLast: integerIn(get('keepLast'), 0, 10_000, d.keepLast),
    compression: compressions.includes(compression as Compression) ? (compression as Compression) : d.compression,
    excludeTableData: Array.isArray(exclude)
      ? exclude.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim())
      : d.excludeTableData,
    consistency: consistencies.includes(consistency as ConsistencyMode) ? (consistency as ConsistencyMode) : d.consistency,
    parallelism: integerIn(get('parallelism'), 1, 32, d.parallelism),
    connectionTimeoutSeconds: integerIn(get('connectionTimeoutSeconds'), 1, 600, d.connectionTimeoutSeconds),
    verifyAfterBackup: typeof verify === 'boolean' ? verify : d.verifyAfterBackup,
    rowReader: rowReaders.includes(rowReader as RowReader) ? (rowReader as RowReader) : d.rowReader,
    backUpAllConcurrency: integerIn(get('backUpAllConcurrency'), 1, 8, d.backUpAllConcurrency),
    scheduledBackups: typeof scheduled === 'boolean' ? scheduled : d.scheduledBackups,
    restoreIncludeUsers: typeof includeUsers === 'boolean' ? includeUsers : d.restoreIncludeUsers,
  };
}

/** What `WorkspaceConfiguration.inspect(key)` says about one setting, as far as trust matters. */
export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The value of a setting in a folder the person has not trusted: their own (user) value, else the default —
 * never the folder's. VS Code already ignores workspace values of application-scoped and restricted settings there;
 * this keeps it so should a setting ever lose its scope or its place in restrictedConfigurations.
 */
export function userOnlyValue(inspected: InspectedSetting | undefined): unknown {
  return inspected?.globalValue !== undefined ? inspected.globalValue : inspected?.defaultValue;
}

export interface PathContext {
  home: string;
  /** The first workspace folder's path, when a folder is open. */
  workspaceFolder?: string;
  /** The path rules to build with (tests pass `path.win32` or `path.posix`); the running platform's by default. */
  path?: PathApi;
}

/** Makes a project or environment name safe as one folder name on Windows, macOS and Linux. */
export const folderSegment = safeFolderName;

type FolderNames = Pick<CloudEnvironment, 'project' | 'environment' | 'database'>;

/**
 * The folder an environment's backups go to. Relative results are taken from the home folder. `others` are the
 * other saved environments: when two of them differ only in case or in characters a folder name cannot have
 * ("Live" and "live", "a:b" and "a/b"), they would share a folder on Windows and macOS, whose file systems ignore
 * case — so the one whose names sort later gets a short hash of its names appended to its folder.
 */
export function resolveBackupFolder(
  pattern: string,
  env: FolderNames,
  paths: PathContext,
  l10n: L10n,
  others: readonly FolderNames[] = [],
): string {
  const path = paths.path ?? platformPath;
  const own = expandFolder(pattern, env, paths, l10n, folderSegment);
  const ownNames = expandFolder(pattern, env, paths, l10n, (name) => name);
  const clashes = others.some((other) => {
    const otherNames = expandFolder(pattern, other, paths, l10n, (name) => name);
    return otherNames !== ownNames && otherNames < ownNames && expandFolder(pattern, other, paths, l10n, folderSegment).toLowerCase() === own.toLowerCase();
  });
  const folder = clashes ? `${own.replace(/[\\/]+$/, '')}~${createHash('sha256').update(ownNames).digest('hex').slice(0, 8)}` : own;
  return trimWindowsNames(path.isAbsolute(folder) ? path.resolve(folder) : path.resolve(paths.home, folder), path);
}

/** The pattern with `~`, `${userHome}`, `${workspaceFolder}` and the name placeholders filled in by `nameToSegment`. */
function expandFolder(pattern: string, env: FolderNames, paths: PathContext, l10n: L10n, nameToSegment: (name: string) => string): string {
  let folder = pattern.trim();
  if (folder.includes('${workspaceFolder}')) {
    if (!paths.workspaceFolder) {
      throw new BackupError(
        'invalid',
        l10n.t('The backups folder setting uses ${workspaceFolder}, but no folder is open. Open a folder or change the setting.'),
      );
    }
    folder = folder.split('${workspaceFolder}').join(paths.workspaceFolder);
  }
  folder = folder.split('${userHome}').join(paths.home);
  return expandHome(folder, paths.home)
    .split('{project}').join(nameToSegment(env.project))
    .split('{environment}').join(nameToSegment(env.environment))
    .split('{database}').join(nameToSegment(env.database));
}

/** Settings + environment + password → what the core runs. */
export function buildBackupRequest(
  settings: BackupSettings,
  env: CloudEnvironment,
  password: string,
  paths: PathContext,
  l10n: L10n,
  others: readonly FolderNames[] = [],
): BackupRequest {
  // Before connecting: retention with such a pattern would delete other databases' backups, or could not order them.
  const patternProblem = settings.keepLast > 0 ? retentionPatternProblem(settings.fileNamePattern) : undefined;
  if (patternProblem) {
    throw new BackupError(
      'invalid',
      l10n.t('The setting {pattern} cannot be combined with {keepLast} ({count}): {problem}', {
        pattern: `${settingsSection}.fileNamePattern`,
        keepLast: `${settingsSection}.keepLast`,
        count: settings.keepLast,
        problem: patternProblem,
      }),
      { hint: l10n.t('Change the file name pattern, or set keepLast to 0 to keep all backups.') },
    );
  }
  return {
    connection: connectionSettingsOf(env, password),
    outputFolder: resolveBackupFolder(settings.backupsFolder, env, paths, l10n, others),
    fileNamePattern: settings.fileNamePattern,
    excludeData: [...settings.excludeTableData],
    compression: settings.compression,
    consistency: settings.consistency,
    parallelism: settings.parallelism,
    retain: settings.keepLast,
    verify: settings.verifyAfterBackup,
    rowReader: settings.rowReader,
  };
}
