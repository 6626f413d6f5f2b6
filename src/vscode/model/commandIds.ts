/** Command and view ids, shared by the registrations and the tests that check package.json against them. */
export const commandIds = {
  showLog: 'cloudDatabaseBackup.showLog',
  backup: 'cloudDatabaseBackup.backup',
  backUpEnvironment: 'cloudDatabaseBackup.backUpEnvironment',
  backUpAll: 'cloudDatabaseBackup.backUpAll',
  cancelBackup: 'cloudDatabaseBackup.cancelBackup',
  addEnvironment: 'cloudDatabaseBackup.addEnvironment',
  editEnvironment: 'cloudDatabaseBackup.editEnvironment',
  testConnection: 'cloudDatabaseBackup.testConnection',
  openBackupsFolder: 'cloudDatabaseBackup.openBackupsFolder',
  copyConnectionString: 'cloudDatabaseBackup.copyConnectionString',
  removeEnvironment: 'cloudDatabaseBackup.removeEnvironment',
  verifyBackup: 'cloudDatabaseBackup.verifyBackup',
  verifyBackupFile: 'cloudDatabaseBackup.verifyBackupFile',
  revealBackupWindows: 'cloudDatabaseBackup.revealBackup.windows',
  revealBackupMac: 'cloudDatabaseBackup.revealBackup.mac',
  revealBackupLinux: 'cloudDatabaseBackup.revealBackup.linux',
  copyBackupPath: 'cloudDatabaseBackup.copyBackupPath',
  deleteBackup: 'cloudDatabaseBackup.deleteBackup',
  refreshBackups: 'cloudDatabaseBackup.refreshBackups',
  restoreBackup: 'cloudDatabaseBackup.restoreBackup',
  pullToLocal: 'cloudDatabaseBackup.pullToLocal',
  openSchemaScript: 'cloudDatabaseBackup.openSchemaScript',
  addLocalDatabase: 'cloudDatabaseBackup.addLocalDatabase',
  editLocalDatabase: 'cloudDatabaseBackup.editLocalDatabase',
  removeLocalDatabase: 'cloudDatabaseBackup.removeLocalDatabase',
  copyLocalConnectionString: 'cloudDatabaseBackup.copyLocalConnectionString',
  restoreToLocalDatabase: 'cloudDatabaseBackup.restoreToLocalDatabase',
} as const;

/** Commands that make sense without a tree item; every other command is hidden from the Command Palette. */
export const paletteCommands: readonly string[] = [
  commandIds.showLog,
  commandIds.backup,
  commandIds.backUpAll,
  commandIds.addEnvironment,
  commandIds.verifyBackup,
  commandIds.refreshBackups,
  commandIds.addLocalDatabase,
];

export const viewIds = {
  container: 'cloudDatabaseBackup',
  environments: 'cloudDatabaseBackup.environments',
  backups: 'cloudDatabaseBackup.backups',
  localDatabases: 'cloudDatabaseBackup.localDatabases',
} as const;

export const reportScheme = 'cloud-database-backup-report';
