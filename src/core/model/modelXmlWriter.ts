/**
 * writeModelXml: a DatabaseModel as the exact bytes of a bacpac's model.xml (spec §4): UTF-8 without BOM, the
 * `<?xml version="1.0" encoding="utf-8"?>` declaration, CRLF line ends, tab indentation, no trailing newline.
 *
 * SchemaVersion defaults to 2.9: see platform.ts for why that is the conservative choice for what we emit.
 */
import { BackupError } from '../errors';
import { collationInfo } from './collation';
import { modelNamespace, originObjectCounts, serializeModelXml } from './modelDom';
import { buildModelElements, type ModelElementOptions } from './modelElements';
import { findDanglingReferences } from './modelReferences';
import { defaultSchemaVersion, dspNameFor } from './platform';
import type { DatabaseModel } from './types';

export interface WriteModelXmlOptions extends ModelElementOptions {
  /** Overrides the DSP derived from `model.server` (spec §4.2). */
  dspName?: string;
  /** Overrides SchemaVersion 2.9. */
  schemaVersion?: string;
}

export interface WrittenModelXml {
  xml: Buffer;
  dspName: string;
  schemaVersion: string;
  /** For Origin.xml's ObjectCounts: element type without "Sql", nested elements included, sorted (spec §3.1). */
  objectCounts: Record<string, number>;
}

export function writeModelXml(model: DatabaseModel, opts: WriteModelXmlOptions = {}): WrittenModelXml {
  const dspName = opts.dspName ?? dspNameFor(model.server);
  const schemaVersion = opts.schemaVersion ?? defaultSchemaVersion;
  const collation = collationInfo(model.collation);
  const elements = buildModelElements(model, opts);

  const dangling = findDanglingReferences(elements, collation.caseSensitive);
  if (dangling.length > 0) {
    const shown = dangling.slice(0, 10).join('; ');
    const more = dangling.length > 10 ? ` and ${dangling.length - 10} more` : '';
    throw new BackupError('format', `The schema model refers to objects it does not contain: ${shown}${more}.`, {
      hint: 'This is a bug in reading the schema; please report it with the names above.',
    });
  }

  const xml = serializeModelXml(
    [
      ['FileFormatVersion', '1.2'],
      ['SchemaVersion', schemaVersion],
      ['DspName', dspName],
      // Unknown collation families fall back to 1033 (see collation.ts); the collation itself is in SqlDatabaseOptions.
      ['CollationLcid', String(collation.lcid)],
      ['CollationCaseSensitive', collation.caseSensitive ? 'True' : 'False'],
      ['xmlns', modelNamespace],
    ],
    elements,
  );
  return { xml, dspName, schemaVersion, objectCounts: originObjectCounts(elements) };
}
