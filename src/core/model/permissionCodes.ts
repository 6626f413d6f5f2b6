/**
 * DacFx's permission numbers (the `Permission` property of SqlPermissionStatement), by DacFx's permission name:
 * the SqlPermission enumeration of DacFx 170.5.96, read off the assembly (tools/dacfx-check/experiments/RESULTS.md).
 * The name is sys.database_permissions.permission_name in PascalCase (`VIEW DEFINITION` → ViewDefinition).
 */
export const dacfxPermissionCodes: Readonly<Record<string, number>> = {
  Insert: 1, Select: 2, Update: 3, Delete: 4, References: 5, CreateDatabase: 6, CreateDefault: 7, CreateFunction: 8,
  CreateProcedure: 9, CreateRule: 10, CreateTable: 11, CreateView: 12, BackupDatabase: 13, BackupLog: 14,
  AdministerBulkOperations: 1000, Alter: 1001, AlterAnyApplicationRole: 1002, AlterAnyAssembly: 1003,
  AlterAnyAsymmetricKey: 1004, AlterAnyCertificate: 1005, AlterAnyConnection: 1006, AlterAnyContract: 1007,
  AlterAnyCredential: 1008, AlterAnyDatabase: 1009, AlterAnyDatabaseDdlTrigger: 1010,
  AlterAnyDatabaseEventNotification: 1011, AlterAnyDataspace: 1012, AlterAnyEndpoint: 1013,
  AlterAnyEventNotification: 1014, AlterAnyFulltextCatalog: 1015, AlterAnyLinkedServer: 1016, AlterAnyLogin: 1017,
  AlterAnyMessageType: 1018, AlterAnyRemoteServiceBinding: 1019, AlterAnyRole: 1020, AlterAnyRoute: 1021,
  AlterAnySchema: 1022, AlterAnyService: 1023, AlterAnySymmetricKey: 1024, AlterAnyUser: 1025, AlterResources: 1026,
  AlterServerState: 1027, AlterSettings: 1028, AlterTrace: 1029, Authenticate: 1030, AuthenticateServer: 1031,
  Checkpoint: 1034, Connect: 1035, ConnectReplication: 1036, ConnectSql: 1037, Control: 1038, ControlServer: 1039,
  CreateAggregate: 1040, CreateAnyDatabase: 1041, CreateAssembly: 1042, CreateAsymmetricKey: 1043,
  CreateCertificate: 1044, CreateContract: 1045, CreateDatabaseDdlEventNotification: 1047,
  CreateDdlEventNotification: 1048, CreateEndpoint: 1050, CreateFulltextCatalog: 1051, CreateMessageType: 1053,
  CreateQueue: 1055, CreateRemoteServiceBinding: 1056, CreateRole: 1057, CreateRoute: 1058, CreateSchema: 1060,
  CreateService: 1061, CreateSymmetricKey: 1062, CreateSynonym: 1063, CreateTraceEventNotification: 1065,
  CreateType: 1066, CreateXmlSchemaCollection: 1068, Execute: 1070, ExternalAccessAssembly: 1071, Impersonate: 1072,
  Receive: 1074, Send: 1077, Showplan: 1078, Shutdown: 1079, SubscribeQueryNotifications: 1080, TakeOwnership: 1081,
  UnsafeAssembly: 1082, ViewAnyDatabase: 1084, ViewAnyDefinition: 1085, ViewChangeTracking: 1086,
  ViewDatabaseState: 1087, ViewDefinition: 1088, ViewServerState: 1089, All: 1090, AlterAnyDatabaseAudit: 1091,
  AlterAnyServerAudit: 1092, CreateSequence: 1093, AlterAnyServerRole: 1094, CreateServerRole: 1095,
  CreateAvailabilityGroup: 1096, AlterAnyAvailabilityGroup: 1097, AlterAnyDatabaseEventSession: 1098,
  ConnectAnyDatabase: 1099, ImpersonateAnyLogin: 1100, SelectAllUserSecurables: 1101, AlterAnySecurityPolicy: 1102,
  AlterAnyColumnEncryptionKey: 1103, AlterAnyColumnMasterKey: 1104, Unmask: 1105, AlterAnyMask: 1106,
  ViewAnyColumnMasterKeyDefinition: 1107, ViewAnyColumnEncryptionKeyDefinition: 1108,
  AlterAnyExternalDataSource: 1109, AlterAnyExternalFileFormat: 1110, AlterAnyDatabaseScopedConfiguration: 1111,
  AlterAnySensitivityClassification: 1112, ViewAnySensitivityClassification: 1113, KillDatabaseConnection: 1114,
  ExecuteAnyExternalScript: 1115, AdministerDatabaseBulkOperations: 1116, OwnershipChaining: 1117,
  AlterAnyExternalLanguage: 1118, AlterAnyExternalLibrary: 1119, AlterAnyExternalStream: 1120,
  AlterAnyExternalJob: 1121, CreateUser: 1122, ViewDatabaseSecurityState: 1123, ViewDatabasePerformanceState: 1124,
  ViewSecurityDefinition: 1125, ViewCryptographicallySecuredDefinition: 1126, EnableLedger: 1127, AlterLedger: 1128,
  ViewLedgerContent: 1129, ExecuteAnyExternalEndpoint: 1130, CreateLogin: 1131, ViewAnySecurityDefinition: 1132,
  ViewServerSecurityState: 1133, ViewServerPerformanceState: 1134, AlterAnyEventSession: 1135,
  ViewAnyCryptographicallySecuredDefinition: 1136, CreateExternalLanguage: 1137, CreateExternalLibrary: 1138,
  AlterAnyDatabaseEventSessionAddEvent: 1139, AlterAnyDatabaseEventSessionAddTarget: 1140,
  AlterAnyDatabaseEventSessionDisable: 1141, AlterAnyDatabaseEventSessionDropEvent: 1142,
  AlterAnyDatabaseEventSessionDropTarget: 1143, AlterAnyDatabaseEventSessionEnable: 1144,
  AlterAnyDatabaseEventSessionOption: 1145, AlterAnyEventSessionAddEvent: 1146, AlterAnyEventSessionAddTarget: 1147,
  AlterAnyEventSessionDisable: 1148, AlterAnyEventSessionDropEvent: 1149, AlterAnyEventSessionDropTarget: 1150,
  AlterAnyEventSessionEnable: 1151, AlterAnyEventSessionOption: 1152, CreateAnyDatabaseEventSession: 1153,
  CreateAnyEventSession: 1154, DropAnyDatabaseEventSession: 1155, DropAnyEventSession: 1156, ViewAnyErrorLog: 1157,
  ViewDatabaseSecurityAudit: 1158, ViewServerSecurityAudit: 1159, AlterLedgerConfiguration: 1160,
  ViewAnyPerformanceDefinition: 1161, ViewPerformanceDefinition: 1162, ExecuteExternalScript: 1163,
  AlterAnyExternalMirror: 1164, CreateExternalModel: 1165, AlterAnyExternalModel: 1166,
  AlterAnyInformationProtection: 1167,
};

/** `VIEW ANY COLUMN MASTER KEY DEFINITION` → `ViewAnyColumnMasterKeyDefinition`; undefined when DacFx has no such permission. */
export function dacfxPermissionName(sqlPermissionName: string): string | undefined {
  const name = sqlPermissionName.trim().toLowerCase().split(/\s+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return Object.prototype.hasOwnProperty.call(dacfxPermissionCodes, name) ? name : undefined;
}

const namesByCode = new Map(Object.entries(dacfxPermissionCodes).map(([name, code]) => [code, name]));

/** A `Permission` number from model.xml back to its name. */
export function dacfxPermissionNameOfCode(code: number): string | undefined {
  return namesByCode.get(code);
}
