/**
 * DspName and SchemaVersion for the model.xml root (spec §4.2).
 *
 * SchemaVersion is 2.9 for everything this writer emits. DacFx writes the lowest model-schema version that can
 * represent the properties present (§4.2: DacFx 15.0 wrote 2.5 … 3.3 depending on content), and an older DacFx
 * refuses a version or property it does not know (§3.3, §7 pitfall 4). Everything we emit (tables, columns,
 * constraints, indexes, modules, sequences, UDDTs, extended properties, users, logins, roles, permissions, and the
 * database options of databaseOptions.ts — Query Store included, as in the DemoStore's 2.9 model — but no
 * CatalogCollation/MaxDop) already existed in the 2.9 models that DacFx 15.0/16.0 wrote, so 2.9 lets every DacFx
 * from 15.0 on import the package, while 3.x would lock out older SqlPackage/SSMS installs for no gain.
 */
import type { SourceServer } from './types';

export const defaultSchemaVersion = '2.9';

const dspPrefix = 'Microsoft.Data.Tools.Schema.Sql.';
const dspSuffix = 'DatabaseSchemaProvider';

/** The DSP of the source platform; SQL Server majors we do not know map to the nearest known one. */
export function dspNameFor(server: SourceServer): string {
  if (server.isAzureSqlDatabase) return `${dspPrefix}SqlAzureV12${dspSuffix}`;
  const major = Math.min(17, Math.max(13, Math.trunc(server.majorVersion)));
  return `${dspPrefix}Sql${major}0${dspSuffix}`;
}

/** The source platform a DspName stands for (the reverse of `dspNameFor`; `versionText` is unknown). */
export function serverFromDspName(dspName: string): SourceServer {
  const kind = dspName.startsWith(dspPrefix) && dspName.endsWith(dspSuffix)
    ? dspName.slice(dspPrefix.length, dspName.length - dspSuffix.length)
    : '';
  if (kind === 'SqlAzureV12') return { versionText: '', majorVersion: 12, isAzureSqlDatabase: true };
  const m = /^Sql(\d+)0$/.exec(kind);
  return { versionText: '', majorVersion: m ? Number(m[1]) : 0, isAzureSqlDatabase: false };
}
