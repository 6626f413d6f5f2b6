/** The restore layer: a .bacpac into a SQL Server database without DacFx (runRestore.ts). */
export { runRestore } from './runRestore';
export type { RestoreOptions, RestoreProgress, RestoreRequest, RestoreResult, RestoredTable, RestoreStage } from './types';
