/**
 * Reads the connected database's catalog (sys.* views) into a DatabaseModel.
 *
 * What happens to objects a bacpac from this tool cannot carry. "Refuse" stops the backup with one
 * BackupError('unsupported') naming every such object: a package that silently lacks data or cannot be
 * imported is worse than none. "Skip" leaves the object out and returns a warning the user sees; used where
 * every table's data still arrives intact and the import still succeeds.
 *
 * | Object                                              | Choice | Why                                                              |
 * |-----------------------------------------------------|--------|------------------------------------------------------------------|
 * | Memory-optimized table                              | refuse | would be restored as a disk table, silently different            |
 * | System-versioned temporal table (+ history table)   | refuse | versioning and period columns would be lost                      |
 * | Graph node/edge table                               | refuse | internal $node_id/$edge_id columns cannot be written back         |
 * | FileTable                                           | refuse | FILESTREAM data is not in the table                              |
 * | Sparse column, column set                           | refuse | SPARSE is not modelled; rows could exceed the size limit on import |
 * | Always Encrypted column                             | refuse | only ciphertext is readable; the keys cannot be exported         |
 * | Column of json, vector or another unknown type      | refuse | no BCP encoding for it                                           |
 * | CLR assembly, CLR module, CLR user-defined type     | refuse | code cannot be carried; Azure SQL Database has none anyway       |
 * | User-defined table type                             | refuse | procedures using it would fail to import                         |
 * | Module WITH ENCRYPTION                              | refuse | its definition cannot be read                                    |
 * | External table, external data source                | skip   | no local data; needs credentials on the target anyway            |
 * | XML, spatial or columnstore index                   | skip   | an index only: data intact; recreate it after the import         |
 * | Full-text index                                     | skip   | an index only                                                    |
 * | Database-level DDL trigger                          | skip   | not part of any table; re-create it after the import             |
 * | Synonym, rule, bound default (CREATE RULE/DEFAULT)  | skip   | not in the model; data intact                                    |
 * | Extended property on an object the model lacks      | skip   | metadata only                                                    |
 * | Windows user/group, certificate/key user, app role  | skip   | an Azure-importable bacpac has no place for them (readSecurity)  |
 * | Permission on a securable the model lacks           | skip   | keys, certificates, assemblies, Service Broker… (readSecurity)   |
 * | Login and contained-user passwords                  | skip   | never readable: random ones are written, as DacFx does           |
 * | Change tracking, CDC, scoped configurations         | skip   | not in a SchemaVersion 2.9 model (readDatabaseOptions)           |
 *
 * Users, roles, memberships, permissions and database options are carried as DacFx carries them (readSecurity.ts,
 * readDatabaseOptions.ts); every "skip" above is one warning starting "Left out:" or naming what was skipped.
 * sql_variant columns and the CLR types geography, geometry and hierarchyid are supported.
 */
import { BackupError } from '../errors';
import { emptyDatabaseModel, type DatabaseModel, type ObjectName } from '../model/types';
import { newCatalogReadState } from './catalogReadState';
import { num, optNum, optStr, runQuery, str, type CatalogSource, type CatalogTarget } from './catalogRows';
import { sortDatabaseModel } from './modelOrder';
import type { CatalogQueryName } from './queries';
import { readDatabaseOptions } from './readDatabaseOptions';
import { readExtendedProperties } from './readExtendedProperties';
import {
  checkKeyIndexes, checkViewIndexes, readCheckConstraints, readDefaultConstraints, readForeignKeys, readIndexes, readKeyConstraints,
} from './readKeysAndIndexes';
import { readAliasTypes, readModuleDependencies, readModules, readSequences } from './readProgrammability';
import { checkDataFolderNames, readColumns, readTables } from './readTables';
import { readSecurity } from './readSecurity';
import { checkUniqueNames } from './uniqueNames';
import { readUnsupportedObjects } from './unsupportedObjects';

export { tableKey, type CatalogSource } from './catalogRows';

export interface CatalogReadResult {
  model: DatabaseModel;
  /** Things left out, one sentence each, for the user. */
  warnings: string[];
  /** `schema.table` → rows according to sys.partitions (an estimate for progress). */
  rowEstimates: Map<string, number>;
  /** Allocated size of the database in KB. */
  sizeKb: number;
}

export interface ReadCatalogOptions {
  signal?: AbortSignal;
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Tables whose data the backup leaves out: their names need not fit a data part. Default: none. */
  dataExcluded?: (table: ObjectName) => boolean;
  /** Named in messages about a failed query. */
  target?: CatalogTarget;
}

/**
 * Reads the whole catalog. Throws BackupError('source') listing every contradiction in what the catalog views
 * returned, then BackupError('unsupported') listing every object that cannot be carried.
 */
export async function readCatalog(source: CatalogSource, options: ReadCatalogOptions = {}): Promise<CatalogReadResult> {
  const q = (name: CatalogQueryName) => runQuery(source, name, options.signal, options.target);

  const [db] = await q('database');
  if (!db) throw new BackupError('internal', 'The database query returned no row.');
  const engineEdition = num(db, 'engine_edition');
  const model: DatabaseModel = emptyDatabaseModel(str(db, 'database_name'), str(db, 'collation_name'), {
    versionText: optStr(db, 'version_text') ?? '',
    majorVersion: num(db, 'product_major_version'),
    isAzureSqlDatabase: engineEdition === 5,
  });
  const compatibilityLevel = optNum(db, 'compatibility_level');
  if (compatibilityLevel !== undefined) model.compatibilityLevel = compatibilityLevel;
  const sizeKb = num(db, 'size_kb');

  for (const row of await q('schemas')) {
    const owner = optStr(row, 'owner_name');
    model.schemas.push(owner === undefined ? { name: str(row, 'schema_name') } : { name: str(row, 'schema_name'), owner });
  }

  const state = newCatalogReadState(model);
  // Tables and columns.
  readTables(state, await q('tables'));
  readColumns(state, await q('columns'));
  // Keys and indexes.
  readKeyConstraints(state, await q('keyConstraints'));
  checkKeyIndexes(state, await q('keyIndexes'));
  readForeignKeys(state, await q('foreignKeys'));
  readDefaultConstraints(state, await q('defaultConstraints'));
  readCheckConstraints(state, await q('checkConstraints'));
  readIndexes(state, await q('indexes'));
  // Programmability.
  readAliasTypes(state, await q('aliasTypes'));
  readSequences(state, await q('sequences'));
  readModules(state, await q('modules'));
  readModuleDependencies(state, await q('moduleDependencies'));
  checkViewIndexes(state);
  // Extended properties.
  readExtendedProperties(state, await q('extendedProperties'));
  readUnsupportedObjects(state, await q('unsupportedObjects'));
  // Security and database options (their own files: readSecurity.ts, readDatabaseOptions.ts).
  const azure = model.server.isAzureSqlDatabase;
  readSecurity({ model, warnings: state.warnings }, {
    principals: await q(azure ? 'principalsAzure' : 'principals'),
    roleMembers: await q('roleMembers'),
    permissions: await q('permissions'),
    loginNamesUnknown: azure,
  });
  const [optionsRow] = await q('databaseOptions');
  readDatabaseOptions({ model, warnings: state.warnings }, optionsRow, azure || model.server.majorVersion >= 14 ? await q('scopedConfigurations') : []);

  checkUniqueNames(state);

  if (state.contradictions.length > 0) {
    throw new BackupError('source',
      `The catalog of database ${model.name} contradicts itself, so no backup was written: ${state.contradictions.join('; ')}.`,
      { hint: 'The server’s catalog views returned these rows; the backup cannot trust them. Run DBCC CHECKCATALOG on the database, or ask the server’s administrator.' });
  }
  const badNames = checkDataFolderNames(state, options.dataExcluded ?? (() => false));
  if (state.refusals.length > 0 || badNames.length > 0) {
    const parts = [
      ...(state.refusals.length > 0 ? [`This database has objects a .bacpac from this tool cannot carry: ${state.refusals.join('; ')}.`] : []),
      ...(badNames.length > 0 ? [`These tables’ data cannot be stored in a .bacpac under their names: ${badNames.join('; ')}.`] : []),
    ];
    const hints = [
      ...(state.refusals.length > 0 ? ['Remove or change these objects, or use SqlPackage for this database.'] : []),
      ...(badNames.length > 0 ? ['Rename these tables, or exclude their data from the backup (their schema is kept).'] : []),
    ];
    throw new BackupError('unsupported', parts.join(' '), { hint: hints.join(' ') });
  }
  for (const w of state.warnings) options.onLog?.('warn', w);
  return { model: sortDatabaseModel(model), warnings: state.warnings, rowEstimates: state.rowEstimates, sizeKb };
}
