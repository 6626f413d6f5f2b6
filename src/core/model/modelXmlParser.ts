/**
 * parseModelXml: model.xml (ours or DacFx's) back into a DatabaseModel. The verifier decodes BCP data with the
 * column types it returns, so types come out exactly, alias-typed columns resolved to their base type.
 *
 * It reads what the writer emits and the DacFx shapes seen in the fixtures: inline system-named constraints
 * (no Name, an SqlInlineConstraintAnnotation), AttachedAnnotation, XML schema collections and XML indexes, and the
 * security model (logins, users, roles, memberships, permissions: securityReader.ts). Element types the model has no
 * place for (filegroups, dynamic column sources…) are listed in `skipped`.
 * The document is read element by element (xml/xmlTree.ts), so a large model is never held as one XML tree.
 */
import { BackupError } from '../errors';
import {
  elementTypeCounts,
  findRelationship,
  modelElementFromXml,
  propertyValue,
  type ModelElement,
  type ModelEntry,
} from './modelDom';
import { findDanglingReferences, findDuplicateNames } from './modelReferences';
import { serverFromDspName } from './platform';
import { splitQuotedName } from './quotedName';
import { readDatabaseOptions, readSecurityElement } from './securityReader';
import { builtInType, isBaseTypeName } from './tsql/typeSyntax';
import { parseXmlDocumentSubtrees, type XmlNode } from './xml/xmlTree';
import {
  emptyDatabaseModel,
  type ColumnModel,
  type DatabaseModel,
  type ExtendedPropertyTarget,
  type IndexColumn,
  type ModuleColumn,
  type ModuleKind,
  type ModuleModel,
  type ModuleParameter,
  type ObjectName,
  type ReferentialAction,
  type SequenceModel,
  type SqlType,
  type UserDefinedDataType,
} from './types';

export interface ParsedModelXml {
  model: DatabaseModel;
  dspName: string;
  schemaVersion: string;
  collationLcid: number;
  caseSensitive: boolean;
  /** Every element type with its count, nested elements included, e.g. { SqlTable: 12, SqlSimpleColumn: 109 }. */
  elementCounts: Record<string, number>;
  danglingReferences: string[];
  /** Names two elements of one type share, as `Type Name`. */
  duplicateNames: string[];
  /** The top-level elements as read (for callers that need more than the DatabaseModel carries). */
  elements: ModelElement[];
  /** Top-level elements the DatabaseModel has no place for, as `Type Name`. */
  skipped: string[];
}

export interface ParseModelXmlOptions {
  /** model.xml does not carry the database name (DacMetadata.xml does). */
  databaseName?: string;
  /** Refuse a model.xml with more XML elements than this (memory grows with them). Default: no limit. */
  maxXmlElements?: number;
}

const actions: ReferentialAction[] = ['NO_ACTION', 'CASCADE', 'SET_NULL', 'SET_DEFAULT'];

const moduleKinds: Record<string, ModuleKind> = {
  SqlView: 'view',
  SqlProcedure: 'procedure',
  SqlScalarFunction: 'scalarFunction',
  SqlInlineTableValuedFunction: 'inlineTableFunction',
  SqlMultiStatementTableValuedFunction: 'tableFunction',
  SqlDmlTrigger: 'trigger',
};

function fail(what: string): never {
  throw new BackupError('format', `model.xml: ${what}.`);
}

function objectName(qualified: string | undefined, what: string): ObjectName {
  const parts = splitQuotedName(qualified ?? fail(`${what} has no name`));
  if (parts.length < 2) fail(`${what} "${qualified}" is not schema-qualified`);
  return { schema: parts[0], name: parts[1] };
}

function lastPart(qualified: string): string {
  const parts = splitQuotedName(qualified);
  return parts[parts.length - 1];
}

function refNames(el: ModelElement, relationship: string): string[] {
  return (findRelationship(el, relationship)?.entries ?? []).map((e) => e.reference?.name).filter((n): n is string => n !== undefined);
}

function firstRefName(el: ModelElement, relationship: string): string {
  return refNames(el, relationship)[0] ?? fail(`${el.name ?? el.type} has no ${relationship}`);
}

function nestedElements(el: ModelElement, relationship: string): ModelElement[] {
  return (findRelationship(el, relationship)?.entries ?? []).map((e: ModelEntry) => e.element).filter((e): e is ModelElement => e !== undefined);
}

const isTrue = (el: ModelElement, prop: string): boolean => propertyValue(el, prop) === 'True';

class ModelReader {
  readonly model: DatabaseModel;
  readonly skipped: string[] = [];
  private readonly userTypes = new Map<string, UserDefinedDataType>();

  constructor(
    private readonly elements: ModelElement[],
    databaseName: string,
    dspName: string,
    private readonly caseSensitive: boolean,
  ) {
    this.model = emptyDatabaseModel(databaseName, '', serverFromDspName(dspName));
  }

  private key(name: string): string {
    return this.caseSensitive ? name : name.toLowerCase();
  }

  read(): DatabaseModel {
    // Alias types first: columns, parameters and return types resolve through them.
    for (const el of this.elements) if (el.type === 'SqlUserDefinedDataType') this.userDefinedType(el);
    for (const el of this.elements) this.element(el);
    return this.model;
  }

  private element(el: ModelElement): void {
    const m = this.model;
    switch (el.type) {
      case 'SqlUserDefinedDataType':
        return;
      case 'SqlDatabaseOptions':
        m.collation = propertyValue(el, 'Collation') ?? '';
        readDatabaseOptions(el, m);
        return;
      case 'SqlSchema': {
        const owner = findRelationship(el, 'Authorizer')?.entries[0]?.reference?.name;
        m.schemas.push({ name: splitQuotedName(el.name ?? fail('a schema has no name'))[0], owner: owner ? lastPart(owner) : undefined });
        return;
      }
      case 'SqlTable':
        m.tables.push({
          ...objectName(el.name, 'a table'),
          ansiNulls: isTrue(el, 'IsAnsiNullsOn'),
          columns: nestedElements(el, 'Columns').map((c) => this.column(c)),
        });
        return;
      case 'SqlPrimaryKeyConstraint':
      case 'SqlUniqueConstraint': {
        const primary = el.type === 'SqlPrimaryKeyConstraint';
        const clusteredProp = propertyValue(el, 'IsClustered');
        (primary ? m.primaryKeys : m.uniqueConstraints).push({
          ...this.constraintName(el),
          table: objectName(firstRefName(el, 'DefiningTable'), 'a constraint table'),
          columns: this.columnSpecifications(el),
          clustered: clusteredProp === undefined ? primary : clusteredProp === 'True',
        });
        return;
      }
      case 'SqlForeignKeyConstraint':
        m.foreignKeys.push({
          ...this.constraintName(el),
          table: objectName(firstRefName(el, 'DefiningTable'), 'a foreign key table'),
          columns: refNames(el, 'Columns').map(lastPart),
          referencedTable: objectName(firstRefName(el, 'ForeignTable'), 'a referenced table'),
          referencedColumns: refNames(el, 'ForeignColumns').map(lastPart),
          onDelete: actions[Number(propertyValue(el, 'OnDeleteAction') ?? 0)] ?? fail(`${el.name ?? 'a foreign key'} has an unknown OnDeleteAction`),
          onUpdate: actions[Number(propertyValue(el, 'OnUpdateAction') ?? 0)] ?? fail(`${el.name ?? 'a foreign key'} has an unknown OnUpdateAction`),
          ...(isTrue(el, 'IsNotForReplication') ? { notForReplication: true } : {}),
          ...(notTrusted(el) ? { notTrusted: true } : {}),
          ...(isTrue(el, 'IsDisabled') ? { disabled: true } : {}),
        });
        return;
      case 'SqlDefaultConstraint':
        m.defaultConstraints.push({
          ...this.constraintName(el),
          table: objectName(firstRefName(el, 'DefiningTable'), 'a default table'),
          column: lastPart(firstRefName(el, 'ForColumn')),
          expression: propertyValue(el, 'DefaultExpressionScript') ?? '',
        });
        return;
      case 'SqlCheckConstraint':
        m.checkConstraints.push({
          ...this.constraintName(el),
          table: objectName(firstRefName(el, 'DefiningTable'), 'a check table'),
          expression: propertyValue(el, 'CheckExpressionScript') ?? '',
          ...(isTrue(el, 'IsNotForReplication') ? { notForReplication: true } : {}),
          ...(notTrusted(el) ? { notTrusted: true } : {}),
          ...(isTrue(el, 'IsDisabled') ? { disabled: true } : {}),
        });
        return;
      case 'SqlIndex': {
        const parts = splitQuotedName(el.name ?? fail('an index has no name'));
        const filter = propertyValue(el, 'FilterPredicate');
        m.indexes.push({
          name: parts[parts.length - 1],
          table: objectName(firstRefName(el, 'IndexedObject'), 'an indexed object'),
          unique: isTrue(el, 'IsUnique'),
          clustered: isTrue(el, 'IsClustered'),
          columns: this.columnSpecifications(el),
          included: refNames(el, 'IncludedColumns').map(lastPart),
          ...(filter !== undefined ? { filter } : {}),
        });
        return;
      }
      case 'SqlXmlIndex':
        if (!isTrue(el, 'IsPrimary')) break;
        (m.xmlIndexes ??= []).push({
          name: lastPart(el.name ?? fail('an XML index has no name')),
          table: objectName(firstRefName(el, 'IndexedObject'), 'an XML index table'),
          column: lastPart(firstRefName(el, 'Column')),
        });
        return;
      case 'SqlXmlSchemaCollection':
        (m.xmlSchemaCollections ??= []).push({ ...objectName(el.name, 'an XML schema collection'), expression: propertyValue(el, 'SchemaExpression') ?? '' });
        return;
      case 'SqlSequence': {
        const spec = nestedElements(el, 'TypeSpecifier')[0];
        const current = el.annotations.find((a) => a.name === '[CurrentValue]');
        m.sequences.push({
          ...objectName(el.name, 'a sequence'),
          type: spec ? this.typeOf(spec, el.name ?? '') : { base: 'bigint' },
          startValue: propertyValue(el, 'StartValue') ?? '1',
          increment: propertyValue(el, 'Increment') ?? '1',
          ...sequenceOptions(el),
          ...(current ? { currentValue: propertyValue(current, 'Value') ?? '' } : {}),
        });
        return;
      }
      case 'SqlExtendedProperty': {
        const prop = this.extendedProperty(el);
        if (prop) {
          m.extendedProperties.push(prop);
          return;
        }
        break;
      }
      default:
        if (readSecurityElement(el, m)) return;
        if (moduleKinds[el.type]) {
          m.modules.push(this.module(el, moduleKinds[el.type]));
          return;
        }
    }
    this.skipped.push(`${el.type} ${el.name ?? ''}`.trim());
  }

  /** A constraint's name: from Name, or for an inline system-named one from its SqlInlineConstraintAnnotation. */
  private constraintName(el: ModelElement): { name: string; systemNamed?: boolean } {
    if (el.name !== undefined) return { name: lastPart(el.name) };
    const inline = el.annotations.find((a) => a.type === 'SqlInlineConstraintAnnotation' && a.name !== undefined);
    if (!inline?.name) fail(`an unnamed ${el.type} without an SqlInlineConstraintAnnotation`);
    return { name: lastPart(inline.name), systemNamed: true };
  }

  private columnSpecifications(el: ModelElement): IndexColumn[] {
    return nestedElements(el, 'ColumnSpecifications').map((spec) => {
      const column: IndexColumn = { name: lastPart(firstRefName(spec, 'Column')) };
      if (propertyValue(spec, 'IsAscending') === 'False') column.descending = true;
      return column;
    });
  }

  private userDefinedType(el: ModelElement): void {
    const name = objectName(el.name, 'an alias type');
    const base = builtInFromReference(firstRefName(el, 'Type'), el.name ?? '');
    const udt: UserDefinedDataType = { ...name, type: applyTypeProperties(base, el), nullable: propertyValue(el, 'IsNullable') !== 'False' };
    this.userTypes.set(this.key(el.name ?? ''), udt);
    this.model.userDefinedTypes.push(udt);
  }

  /** The SqlType a SqlTypeSpecifier / SqlXmlTypeSpecifier describes. */
  private typeOf(spec: ModelElement, owner: string): SqlType {
    const typeRef = findRelationship(spec, 'Type')?.entries[0]?.reference;
    if (!typeRef?.name) fail(`the type of ${owner} has no Type reference`);
    if (spec.type === 'SqlXmlTypeSpecifier') {
      const collection = refNames(spec, 'XmlSchemaCollection')[0];
      return collection ? { base: 'xml', xmlSchemaCollection: objectName(collection, 'an XML schema collection') } : { base: 'xml' };
    }
    if (typeRef.externalSource === undefined) {
      const udt = this.userTypes.get(this.key(typeRef.name)) ?? fail(`${owner} uses type ${typeRef.name}, which the model does not define`);
      return { ...udt.type, userType: { schema: udt.schema, name: udt.name } };
    }
    return applyTypeProperties(builtInFromReference(typeRef.name, owner), spec);
  }

  private column(el: ModelElement): ColumnModel {
    const name = lastPart(el.name ?? fail('a column has no name'));
    if (el.type === 'SqlComputedColumn') {
      // model.xml does not record a computed column's type; sql_variant stands for "any", and BCP skips the column.
      return {
        name,
        type: { base: 'sql_variant' },
        nullable: true,
        computed: {
          expression: propertyValue(el, 'ExpressionScript') ?? '',
          persisted: isTrue(el, 'IsPersisted'),
          ...(propertyValue(el, 'IsPersistedNullable') === 'False' ? { persistedNotNull: true } : {}),
        },
      };
    }
    const spec = nestedElements(el, 'TypeSpecifier')[0] ?? fail(`column ${el.name ?? ''} has no TypeSpecifier`);
    const column: ColumnModel = { name, type: this.typeOf(spec, el.name ?? ''), nullable: propertyValue(el, 'IsNullable') !== 'False' };
    if (isTrue(el, 'IsIdentity')) {
      const last = el.annotations.find((a) => a.type === 'OnlinePropertyAnnotation' && a.name === '[LastValue]');
      column.identity = {
        seed: propertyValue(el, 'IdentitySeed') ?? '1',
        increment: propertyValue(el, 'IdentityIncrement') ?? '1',
        ...(last ? { lastValue: propertyValue(last, 'Value') ?? '' } : {}),
        ...(isTrue(el, 'IdentityIsNotForReplication') ? { notForReplication: true } : {}),
      };
    }
    if (isTrue(el, 'IsRowGuidColumn')) column.isRowGuidCol = true;
    const collation = propertyValue(el, 'Collation');
    if (collation !== undefined) column.collation = collation;
    return column;
  }

  private module(el: ModelElement, kind: ModuleKind): ModuleModel {
    // Functions keep their script in a nested SqlScriptFunctionImplementation.
    const scriptHolder = nestedElements(el, 'FunctionBody')[0] ?? el;
    const scriptProp = scriptHolder.properties.find((p) => p.name === 'BodyScript' || p.name === 'QueryScript');
    const sysComments = scriptHolder.annotations.find((a) => a.type === 'SysCommentsObjectAnnotation');
    const header = sysComments ? propertyValue(sysComments, 'HeaderContents') ?? '' : '';
    const footer = sysComments ? propertyValue(sysComments, 'FooterContents') ?? '' : '';
    const owner = el.name ?? '';
    const module: ModuleModel = {
      ...objectName(el.name, 'a module'),
      kind,
      definition: header + (scriptProp?.script ?? '') + footer,
      ansiNulls: scriptProp?.scriptOptions?.ansiNulls ?? isTrue(el, 'IsAnsiNullsOn'),
      quotedIdentifier: scriptProp?.scriptOptions?.quotedIdentifiers ?? true,
    };
    if (isTrue(el, 'IsSchemaBound')) module.schemaBound = true;
    if (kind === 'trigger') {
      module.parent = objectName(firstRefName(el, 'Parent'), 'a trigger parent');
      module.trigger = {
        insert: isTrue(el, 'IsInsertTrigger'),
        update: isTrue(el, 'IsUpdateTrigger'),
        delete: isTrue(el, 'IsDeleteTrigger'),
        insteadOf: propertyValue(el, 'SqlTriggerType') === '3',
        ...(isTrue(el, 'IsNotForReplication') ? { notForReplication: true } : {}),
      };
    }
    const columns = nestedElements(el, 'Columns');
    if (columns.length > 0) {
      module.columns = columns.map((c): ModuleColumn => {
        const spec = nestedElements(c, 'TypeSpecifier')[0];
        const column: ModuleColumn = { name: lastPart(c.name ?? fail(`a column of ${owner} has no name`)) };
        if (spec) {
          column.type = this.typeOf(spec, c.name ?? '');
          column.nullable = propertyValue(c, 'IsNullable') !== 'False';
        }
        return column;
      });
    }
    const params = nestedElements(el, 'Parameters');
    if (kind !== 'view' && kind !== 'trigger') {
      module.parameters = params.map((p): ModuleParameter => {
        const spec = nestedElements(p, 'Type')[0] ?? fail(`parameter ${p.name ?? ''} has no type`);
        const parameter: ModuleParameter = { name: lastPart(p.name ?? fail(`a parameter of ${owner} has no name`)), type: this.typeOf(spec, p.name ?? '') };
        if (isTrue(p, 'IsOutput')) parameter.isOutput = true;
        if (isTrue(p, 'IsReadOnly')) parameter.isReadOnly = true;
        const def = propertyValue(p, 'DefaultExpressionScript');
        if (def !== undefined) parameter.defaultExpression = def;
        return parameter;
      });
    }
    const returnSpec = nestedElements(el, 'Type')[0];
    if (returnSpec) module.returnType = this.typeOf(returnSpec, owner);
    return module;
  }

  private extendedProperty(el: ModelElement): DatabaseModel['extendedProperties'][number] | undefined {
    const parts = splitQuotedName(el.name ?? fail('an extended property has no name'));
    const [hostClass, ...rest] = parts;
    const name = rest.pop();
    if (name === undefined) return undefined;
    const object = (): ObjectName => ({ schema: rest[0], name: rest[1] });
    let target: ExtendedPropertyTarget | undefined;
    switch (hostClass) {
      case 'SqlDatabaseOptions': target = { kind: 'database' }; break;
      case 'SqlSchema': target = { kind: 'schema', schema: rest[0] }; break;
      case 'SqlTableBase': target = { kind: 'table', object: object() }; break;
      case 'SqlColumn': target = { kind: 'column', object: object(), column: rest[2] }; break;
      case 'SqlView': target = { kind: 'view', object: object() }; break;
      case 'SqlProcedure':
      case 'SqlFunction':
      case 'SqlDmlTrigger': target = { kind: 'module', object: object() }; break;
      case 'SqlIndexBase': target = { kind: 'index', object: object(), index: rest[2] }; break;
      case 'SqlConstraint': target = { kind: 'constraint', object: { schema: rest[0], name: '' }, constraint: rest[1] }; break;
      case 'SqlSubroutineParameter': target = { kind: 'parameter', object: object(), parameter: rest[2] }; break;
      case 'SqlXmlSchemaCollection': target = { kind: 'xmlSchemaCollection', object: object() }; break;
      case 'SqlFilegroup': target = { kind: 'filegroup', name: rest[0] }; break;
      default: return undefined;
    }
    if (target.kind === 'constraint') {
      // The constraint's table comes from the constraint itself.
      const constraintName = `[${rest[0].replace(/]/g, ']]')}].[${rest[1].replace(/]/g, ']]')}]`;
      const host = this.elements.find((e) => e.name !== undefined && this.key(e.name) === this.key(constraintName));
      const table = host ? refNames(host, 'DefiningTable')[0] : undefined;
      if (table) target.object = objectName(table, 'a constraint table');
    }
    return { name, target, value: propertyValue(el, 'Value') ?? '' };
  }
}

function notTrusted(el: ModelElement): boolean {
  return el.annotations.some((a) => a.type === 'IsNotTrustedPropertyAnnotation');
}

/** `[int]`, `[sys].[geography]`, `[sys].[sysname]` → the base SqlType before Length/Precision/Scale. */
function builtInFromReference(name: string, owner: string): SqlType {
  const parts = splitQuotedName(name);
  const last = parts[parts.length - 1].toLowerCase();
  if (parts.length === 2 && parts[0].toLowerCase() === 'sys' && last === 'sysname') {
    return { base: 'nvarchar', length: 128, userType: { schema: 'sys', name: 'sysname' } };
  }
  if (!isBaseTypeName(last)) fail(`${owner} uses built-in type ${name}, which is not supported`);
  return { base: last };
}

/** Applies Scale/Precision/Length/IsMax as DacFx writes them (absent Scale = 0, spec §4.3). */
function applyTypeProperties(base: SqlType, el: ModelElement): SqlType {
  if (base.userType) return base;
  const num = (p: string): number | undefined => {
    const v = propertyValue(el, p);
    return v === undefined ? undefined : Number(v);
  };
  switch (base.base) {
    case 'decimal':
    case 'numeric':
      return { base: base.base, precision: num('Precision') ?? 18, scale: num('Scale') ?? 0 };
    case 'float':
      return builtInType('float', [String(num('Precision') ?? 53)]);
    case 'time':
    case 'datetime2':
    case 'datetimeoffset':
      return { base: base.base, scale: num('Scale') ?? 0 };
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
    case 'binary':
    case 'varbinary':
      if (propertyValue(el, 'IsMax') === 'True') return { base: base.base, isMax: true };
      return { base: base.base, length: num('Length') ?? 1 };
    default:
      return base;
  }
}

/** Parses model.xml bytes or text; see the file comment. */
export function parseModelXml(xml: Buffer | string, options: ParseModelXmlOptions = {}): ParsedModelXml {
  let root: XmlNode | undefined;
  const elements: ModelElement[] = [];
  parseXmlDocumentSubtrees(xml, 2, (node, ancestors) => {
    root = ancestors[0];
    if (ancestors[1]?.name !== 'Model') return; // <Header> and the like
    if (node.name !== 'Element') fail(`unexpected <${node.name}> in <Model>`);
    elements.push(modelElementFromXml(node));
  }, { maxElements: options.maxXmlElements });
  if (!root || elements.length === 0) fail('there is no <DataSchemaModel><Model> with elements');
  if (root.name !== 'DataSchemaModel') fail(`the root element is <${root.name}>, not <DataSchemaModel>`);
  const attrs = root.attributes;
  const dspName = attrs.DspName ?? fail('DataSchemaModel has no DspName');
  const caseSensitive = attrs.CollationCaseSensitive === 'True';
  const reader = new ModelReader(elements, options.databaseName ?? '', dspName, caseSensitive);
  const model = reader.read();
  return {
    model,
    dspName,
    schemaVersion: attrs.SchemaVersion ?? '',
    collationLcid: Number(attrs.CollationLcid ?? 0),
    caseSensitive,
    elementCounts: elementTypeCounts(elements),
    danglingReferences: findDanglingReferences(elements, caseSensitive),
    duplicateNames: findDuplicateNames(elements, caseSensitive),
    elements,
    skipped: reader.skipped,
  };
}

/** MINVALUE, MAXVALUE, CYCLE and CACHE as DacFx writes them (absent = NO MINVALUE / NO MAXVALUE / NO CYCLE / default cache). */
function sequenceOptions(el: ModelElement): Pick<SequenceModel, 'minValue' | 'maxValue' | 'cycle' | 'cacheSize'> {
  const minValue = propertyValue(el, 'MinValue');
  const maxValue = propertyValue(el, 'MaxValue');
  const cacheSize = propertyValue(el, 'CacheSize');
  return {
    ...(minValue !== undefined ? { minValue } : {}),
    ...(maxValue !== undefined ? { maxValue } : {}),
    cycle: isTrue(el, 'IsCycling'),
    ...(propertyValue(el, 'IsCached') === 'False' ? { cacheSize: 0 } : cacheSize !== undefined ? { cacheSize: Number(cacheSize) } : {}),
  };
}
