/** A package's model as the script and the restore need it: model.xml parsed, with what the model leaves out. */
import { parseModelXml, type ParsedModelXml } from '../model/modelXmlParser';
import type { BacpacPackageReader } from '../package/bacpacReader';

const modelXmlLimit = 512 * 1024 * 1024;

export async function readPackageModel(reader: BacpacPackageReader): Promise<ParsedModelXml> {
  const xml = await reader.readPart('model.xml', modelXmlLimit);
  return parseModelXml(xml, { databaseName: reader.dacMetadata?.name });
}

/**
 * Principals and permissions are not part of the DatabaseModel yet (issue 20), so the script never creates them;
 * this names what the package holds of them, so the caller can say it was skipped and why.
 */
export function skippedPrincipals(parsed: ParsedModelXml): string[] {
  return parsed.skipped.filter((s) => /^Sql(User|Login|Role|RoleMembership|PermissionStatement|ApplicationRole)\b/.test(s));
}
