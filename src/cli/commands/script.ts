import { resolve } from 'node:path';
import { BacpacPackageReader } from '../../core/package/bacpacReader';
import { buildSchemaScript, renderSchemaScript } from '../../core/script';
import { readPackageModel, skippedPrincipals } from '../../core/script/packageModel';
import { parseArgs, UsageError } from '../args';
import { ExitCode, exitCodeHelp } from '../exitCodes';

export const scriptHelp = `Usage: cloud-db-backup script FILE.bacpac [> schema.sql]

Prints the T-SQL that creates the package's schema in an empty database, in the order a restore runs it:
before the data (schemas, types, sequences, tables with primary keys and defaults), after the data (indexes,
unique, check and foreign-key constraints), programmability (views, functions, procedures, triggers) and
extended properties. Batches are separated by GO (sqlcmd, SSMS and Azure Data Studio run it as is).
Users, logins, role memberships and permissions are not scripted.

  -h, --help   this help

${exitCodeHelp}`;

export async function scriptCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, [{ name: 'help', kind: 'boolean', short: 'h' }]);
  if (flags.help) {
    console.log(scriptHelp);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError('script needs exactly one FILE.');
  const path = resolve(positionals[0]);
  const reader = await BacpacPackageReader.open(path);
  try {
    const parsed = await readPackageModel(reader);
    const skipped = skippedPrincipals(parsed);
    const header = [
      `Schema of ${parsed.model.name || 'the database'} from ${path}`,
      `Database collation: ${parsed.model.collation}. Run it in an empty database.`,
      ...(skipped.length > 0 ? [`Not scripted (principals and permissions): ${skipped.join(', ')}`] : []),
    ];
    process.stdout.write(renderSchemaScript(buildSchemaScript(parsed.model), header));
  } finally {
    await reader.close();
  }
  return ExitCode.ok;
}
