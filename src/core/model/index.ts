/** The model layer's public surface: the DatabaseModel vocabulary and model.xml in both directions. */
export * from './types';
export { writeModelXml, type WriteModelXmlOptions, type WrittenModelXml } from './modelXmlWriter';
export { parseModelXml, type ParsedModelXml, type ParseModelXmlOptions } from './modelXmlParser';
export { validateModelReferences, findDanglingReferences } from './modelReferences';
export { originObjectCounts, elementTypeCounts, type ModelElement } from './modelDom';
export { dspNameFor, serverFromDspName, defaultSchemaVersion } from './platform';
export { collationInfo, type CollationInfo } from './collation';
export { databaseOptionDefaults, nonDefaultDatabaseOptions, type DatabaseOptionName } from './databaseOptions';
export { isBuiltInPrincipal, permissionStatementName } from './securityElements';
export { dacfxPermissionCodes, dacfxPermissionName } from './permissionCodes';
