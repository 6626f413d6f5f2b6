/**
 * DatabaseModel → model.xml elements (spec §4.3, §4.4): one builder per element type, each with DacFx's fixed
 * property order, defaults left out, relationships sorted by name. Users, logins, roles, memberships and
 * permissions are written as DacFx writes them (securityElements.ts); filegroups are not (§7 pitfall 2).
 */
import { BackupError } from '../errors';
import { collationInfo } from './collation';
import { databaseOptionProperties } from './databaseOptions';
import { builtIn, databaseOptionsDisambiguator, flag, ref, rel, sortRelationships, value } from './elementParts';
import { expressionDependencies } from './expressionDependencies';
import {
  newElement,
  type ModelAnnotation,
  type ModelElement,
  type ModelEntry,
  type ModelProperty,
  type ModelReference,
} from './modelDom';
import { compareModelNames } from './nameOrder';
import { SecurityElements, principalEntry } from './securityElements';
import { readModuleHeader } from './tsql/moduleHeader';
import type { TypeLookup } from './tsql/typeSyntax';
import {
  quoteName,
  type CheckConstraint,
  type ColumnModel,
  type DatabaseModel,
  type DefaultConstraint,
  type ExtendedPropertyModel,
  type ForeignKeyConstraint,
  type IndexColumn,
  type IndexModel,
  type KeyConstraint,
  type ModuleColumn,
  type ModuleModel,
  type ModuleParameter,
  type ObjectName,
  type ReferentialAction,
  type SequenceModel,
  type SqlType,
  type TableModel,
  type UserDefinedDataType,
  type XmlIndexModel,
  type XmlSchemaCollectionModel,
} from './types';

export interface ModelElementOptions {
  /**
   * Write system-named constraints the way DacFx does (no Name, an SqlInlineConstraintAnnotation, an
   * AttachedAnnotation on the table). Off by default: spec §7 pitfall 7 recommends explicit names, which import
   * then creates exactly (microsoft/DacFx#804).
   */
  inlineSystemNamedConstraints?: boolean;
}

/** Schemas that exist in every database and are referenced as BuiltIns. */
const builtInSchemas = new Set([
  'dbo', 'guest', 'sys', 'INFORMATION_SCHEMA', 'db_owner', 'db_accessadmin', 'db_securityadmin', 'db_ddladmin',
  'db_backupoperator', 'db_datareader', 'db_datawriter', 'db_denydatareader', 'db_denydatawriter',
]);

export { databaseOptionsDisambiguator };


export function schemaEntry(schema: string): ModelEntry {
  return builtInSchemas.has(schema) ? builtIn(quoteName(schema)) : ref(quoteName(schema));
}

const actionCodes: Record<ReferentialAction, number> = { NO_ACTION: 0, CASCADE: 1, SET_NULL: 2, SET_DEFAULT: 3 };

const clrTypes = new Set(['geography', 'geometry', 'hierarchyid']);

/** Builds every element of the model; see `buildModelElements`. */
class ElementBuilder {
  private readonly lookup: TypeLookup;
  private readonly sameName: (a: string, b: string) => boolean;
  private readonly nameKey: (name: string) => string;
  private nextDisambiguator = databaseOptionsDisambiguator + 1;
  /** Table key → disambiguators of inline constraints attached to it. */
  private readonly attached = new Map<string, number[]>();
  readonly unnamed: ModelElement[] = [];
  readonly named: ModelElement[] = [];

  constructor(
    private readonly model: DatabaseModel,
    private readonly options: ModelElementOptions,
  ) {
    const caseSensitive = collationInfo(model.collation).caseSensitive;
    this.nameKey = caseSensitive ? (s) => s : (s) => s.toLowerCase();
    this.sameName = caseSensitive ? (a, b) => a === b : (a, b) => a.toLowerCase() === b.toLowerCase();
    this.lookup = { userTypes: model.userDefinedTypes, sameName: this.sameName };
  }

  build(): ModelElement[] {
    const m = this.model;
    this.unnamed.push(this.databaseOptions());
    for (const s of m.schemas) this.named.push(this.schema(s));
    for (const u of m.userDefinedTypes) this.named.push(this.userDefinedType(u));
    for (const x of m.xmlSchemaCollections ?? []) this.named.push(this.xmlSchemaCollection(x));
    for (const s of m.sequences) this.named.push(this.sequence(s));
    // Constraints first: inline ones register their disambiguator on the table before the table is built.
    for (const k of m.primaryKeys) this.place(this.keyConstraint('SqlPrimaryKeyConstraint', k), k);
    for (const k of m.uniqueConstraints) this.place(this.keyConstraint('SqlUniqueConstraint', k), k);
    for (const f of m.foreignKeys) this.place(this.foreignKey(f), f);
    for (const d of m.defaultConstraints) this.place(this.defaultConstraint(d), d);
    for (const c of m.checkConstraints) this.place(this.checkConstraint(c), c);
    for (const t of m.tables) this.named.push(this.table(t));
    for (const i of m.indexes) this.named.push(this.index(i));
    for (const x of m.xmlIndexes ?? []) this.named.push(this.xmlIndex(x));
    for (const mod of m.modules) this.named.push(this.module(mod));
    for (const p of m.extendedProperties) this.named.push(this.extendedProperty(p));
    const security = new SecurityElements(m, () => this.nextDisambiguator++);
    this.named.push(...security.named());
    this.unnamed.push(...security.memberships());
    this.named.sort((a, b) => compareModelNames(a.name ?? '', b.name ?? ''));
    return [...this.unnamed, ...this.named];
  }

  // ------------------------------------------------------------------------------------------ database level

  private databaseOptions(): ModelElement {
    // Collation, the options that differ from DacFx's defaults (databaseOptions.ts) and DefaultFilegroup;
    // Disambiguator 1 so database-level permissions and extended properties can name it, as DacFx 16+ does.
    const el = newElement('SqlDatabaseOptions');
    el.disambiguator = databaseOptionsDisambiguator;
    el.properties.push(value('Collation', this.model.collation));
    for (const [name, v] of databaseOptionProperties(this.model)) el.properties.push(value(name, v));
    rel(el, 'DefaultFilegroup', [builtIn('[PRIMARY]')]);
    return el;
  }

  private schema(s: { name: string; owner?: string }): ModelElement {
    // The owner when the model holds it (a user or role, or a built-in principal); otherwise dbo.
    const el = newElement('SqlSchema', quoteName(s.name));
    rel(el, 'Authorizer', [principalEntry(this.model, s.owner)]);
    return el;
  }

  private userDefinedType(u: UserDefinedDataType): ModelElement {
    const el = newElement('SqlUserDefinedDataType', quoteName(u.schema, u.name));
    const spec = this.typeParts(u.type, quoteName(u.schema, u.name));
    el.properties.push(...spec.properties);
    if (!u.nullable) el.properties.push(value('IsNullable', 'False'));
    rel(el, 'Schema', [schemaEntry(u.schema)]);
    rel(el, 'Type', [spec.type]);
    return sortRelationships(el);
  }

  private xmlSchemaCollection(x: XmlSchemaCollectionModel): ModelElement {
    const el = newElement('SqlXmlSchemaCollection', quoteName(x.schema, x.name));
    el.properties.push({ name: 'SchemaExpression', script: x.expression });
    rel(el, 'Schema', [schemaEntry(x.schema)]);
    return el;
  }

  private sequence(s: SequenceModel): ModelElement {
    // Names and order as DacFx 170.5.96 writes them for CREATE SEQUENCE (experiments/RESULTS.md). NO MINVALUE /
    // NO MAXVALUE / NO CYCLE / a default CACHE write nothing; NO CACHE is IsCached=False, CACHE n is CacheSize=n.
    const el = newElement('SqlSequence', quoteName(s.schema, s.name));
    if (s.cycle) el.properties.push(flag('IsCycling'));
    if (s.cacheSize === 0) el.properties.push(value('IsCached', 'False'));
    else if (s.cacheSize !== undefined) el.properties.push(value('CacheSize', s.cacheSize));
    if (s.maxValue !== undefined) el.properties.push(value('HasNoMaxValue', 'False'));
    if (s.minValue !== undefined) el.properties.push(value('HasNoMinValue', 'False'), value('MinValue', s.minValue));
    if (s.maxValue !== undefined) el.properties.push(value('MaxValue', s.maxValue));
    el.properties.push(value('Increment', s.increment), value('StartValue', s.startValue));
    rel(el, 'Schema', [schemaEntry(s.schema)]);
    rel(el, 'TypeSpecifier', [{ element: this.typeSpecifier(s.type, el.name ?? '') }]);
    if (s.currentValue !== undefined) el.annotations.push(onlineValue('[CurrentValue]', s.currentValue));
    return sortRelationships(el);
  }

  // ------------------------------------------------------------------------------------------ types

  /** The Scale/Precision/Length/IsMax properties and the Type reference of a type (spec §4.3 table). */
  private typeParts(type: SqlType, owner: string): { properties: ModelProperty[]; type: ModelEntry } {
    const props: ModelProperty[] = [];
    if (type.userType) {
      const { schema, name } = type.userType;
      if (schema.toLowerCase() === 'sys') return { properties: [], type: builtIn(quoteName('sys', name)) };
      return { properties: [], type: ref(quoteName(schema, name)) };
    }
    switch (type.base) {
      case 'decimal':
      case 'numeric':
        if (type.scale) props.push(value('Scale', type.scale));
        props.push(value('Precision', type.precision ?? 18));
        break;
      case 'float':
        if (type.precision !== undefined && type.precision <= 24) return { properties: [], type: builtIn('[real]') };
        props.push(value('Precision', 53));
        break;
      case 'time':
      case 'datetime2':
      case 'datetimeoffset': {
        const scale = type.scale ?? 7;
        if (scale !== 0) props.push(value('Scale', scale));
        break;
      }
      case 'char':
      case 'varchar':
      case 'nchar':
      case 'nvarchar':
      case 'binary':
      case 'varbinary':
        if (type.isMax) props.push(flag('IsMax'));
        else if (type.length === undefined) throw new BackupError('internal', `${owner}: a ${type.base} type without a length.`);
        else props.push(value('Length', type.length));
        break;
      default:
        break;
    }
    const name = clrTypes.has(type.base) ? quoteName('sys', type.base) : quoteName(type.base);
    return { properties: props, type: builtIn(name) };
  }

  private typeSpecifier(type: SqlType, owner: string): ModelElement {
    if (type.base === 'xml' && !type.userType) {
      const el = newElement('SqlXmlTypeSpecifier');
      rel(el, 'Type', [builtIn('[xml]')]);
      if (type.xmlSchemaCollection) rel(el, 'XmlSchemaCollection', [ref(quoteName(type.xmlSchemaCollection.schema, type.xmlSchemaCollection.name))]);
      return el;
    }
    const el = newElement('SqlTypeSpecifier');
    const parts = this.typeParts(type, owner);
    el.properties.push(...parts.properties);
    rel(el, 'Type', [parts.type]);
    return el;
  }

  // ------------------------------------------------------------------------------------------ tables

  private table(t: TableModel): ModelElement {
    const name = quoteName(t.schema, t.name);
    const el = newElement('SqlTable', name);
    if (t.ansiNulls) el.properties.push(flag('IsAnsiNullsOn'));
    const columnNames = t.columns.map((c) => c.name);
    rel(el, 'Columns', t.columns.map((c) => ({ element: this.column(t, c, columnNames) })));
    rel(el, 'Schema', [schemaEntry(t.schema)]);
    el.attachedAnnotations.push(...(this.attached.get(tableKey(t)) ?? []));
    return el;
  }

  private column(t: ObjectName, c: ColumnModel, columnNames: string[]): ModelElement {
    const name = quoteName(t.schema, t.name, c.name);
    if (c.computed) {
      const el = newElement('SqlComputedColumn', name);
      el.properties.push({ name: 'ExpressionScript', script: c.computed.expression });
      if (c.computed.persisted) el.properties.push(flag('IsPersisted'));
      if (c.computed.persisted && c.computed.persistedNotNull) el.properties.push(value('IsPersistedNullable', 'False'));
      rel(el, 'ExpressionDependencies', this.dependencies(c.computed.expression, t, columnNames));
      return el;
    }
    const el = newElement('SqlSimpleColumn', name);
    if (!c.nullable) el.properties.push(value('IsNullable', 'False'));
    if (c.identity) {
      el.properties.push(flag('IsIdentity'));
      if (c.identity.seed !== '1') el.properties.push(value('IdentitySeed', c.identity.seed));
      if (c.identity.increment !== '1') el.properties.push(value('IdentityIncrement', c.identity.increment));
      if (c.identity.notForReplication) el.properties.push(flag('IdentityIsNotForReplication'));
    }
    if (c.isRowGuidCol) el.properties.push(flag('IsRowGuidColumn'));
    if (c.collation) el.properties.push(value('Collation', c.collation));
    rel(el, 'TypeSpecifier', [{ element: this.typeSpecifier(c.type, name) }]);
    if (c.identity?.lastValue !== undefined) el.annotations.push(onlineValue('[LastValue]', c.identity.lastValue));
    return el;
  }

  private dependencies(expression: string, table: ObjectName, columnNames: string[]): ModelEntry[] {
    return expressionDependencies(expression, columnNames, this.sameName).map((d) =>
      'column' in d ? ref(quoteName(table.schema, table.name, d.column)) : builtIn(quoteName(d.builtInType)),
    );
  }

  private columnsByTable: Map<string, string[]> | undefined;

  private columnsOf(table: ObjectName): string[] {
    const fold = (t: ObjectName): string => this.nameKey(tableKey(t));
    this.columnsByTable ??= new Map(this.model.tables.map((t) => [fold(t), t.columns.map((c) => c.name)]));
    return this.columnsByTable.get(fold(table)) ?? [];
  }

  // ------------------------------------------------------------------------------------------ constraints

  /** Named constraints go to the sorted list; inline system-named ones get a disambiguator (spec §4.4). */
  private place(el: ModelElement, c: { name: string; table: ObjectName; systemNamed?: boolean }): void {
    if (!(c.systemNamed && this.options.inlineSystemNamedConstraints)) {
      this.named.push(el);
      return;
    }
    const d = this.nextDisambiguator++;
    el.annotations.push({ type: 'SqlInlineConstraintAnnotation', name: el.name, disambiguator: d, properties: [] });
    el.name = undefined;
    const key = tableKey(c.table);
    this.attached.set(key, [...(this.attached.get(key) ?? []), d]);
    this.unnamed.push(el);
  }

  private columnSpecifications(table: ObjectName, columns: IndexColumn[]): ModelEntry[] {
    return columns.map((c) => {
      const spec = newElement('SqlIndexedColumnSpecification');
      // DacFx's property is IsAscending (default True); an IsDescending property makes the model fail to load.
      if (c.descending) spec.properties.push(value('IsAscending', 'False'));
      rel(spec, 'Column', [ref(quoteName(table.schema, table.name, c.name))]);
      return { element: spec };
    });
  }

  private keyConstraint(type: 'SqlPrimaryKeyConstraint' | 'SqlUniqueConstraint', k: KeyConstraint): ModelElement {
    const el = newElement(type, quoteName(k.table.schema, k.name));
    // Defaults are left out: a primary key is clustered unless told otherwise, a unique constraint is not.
    const defaultClustered = type === 'SqlPrimaryKeyConstraint';
    if (k.clustered !== defaultClustered) el.properties.push(value('IsClustered', k.clustered ? 'True' : 'False'));
    rel(el, 'ColumnSpecifications', this.columnSpecifications(k.table, k.columns));
    rel(el, 'DefiningTable', [ref(quoteName(k.table.schema, k.table.name))]);
    return sortRelationships(el);
  }

  private foreignKey(f: ForeignKeyConstraint): ModelElement {
    const el = newElement('SqlForeignKeyConstraint', quoteName(f.table.schema, f.name));
    // Names and order as DacFx 170.5.96 writes them (experiments/RESULTS.md, "Property names read off DacFx").
    if (f.notForReplication) el.properties.push(flag('IsNotForReplication'));
    if (actionCodes[f.onUpdate]) el.properties.push(value('OnUpdateAction', actionCodes[f.onUpdate]));
    if (actionCodes[f.onDelete]) el.properties.push(value('OnDeleteAction', actionCodes[f.onDelete]));
    // DacFx's own property for NOCHECK CONSTRAINT (checked with DacFx 170.5.96): without it import enables it.
    if (f.disabled) el.properties.push(flag('IsDisabled'));
    rel(el, 'Columns', f.columns.map((c) => ref(quoteName(f.table.schema, f.table.name, c))));
    rel(el, 'DefiningTable', [ref(quoteName(f.table.schema, f.table.name))]);
    rel(el, 'ForeignColumns', f.referencedColumns.map((c) => ref(quoteName(f.referencedTable.schema, f.referencedTable.name, c))));
    rel(el, 'ForeignTable', [ref(quoteName(f.referencedTable.schema, f.referencedTable.name))]);
    // WITH NOCHECK (and disabled constraints, which are not checked either): DacFx's extract marks not-trusted
    // check constraints and foreign keys with this annotation (fixture B, 13 of them); a model built from T-SQL
    // records nothing for WITH NOCHECK, so there is no property for it.
    if (f.notTrusted || f.disabled) el.annotations.push(notTrusted());
    return sortRelationships(el);
  }

  private defaultConstraint(d: DefaultConstraint): ModelElement {
    const el = newElement('SqlDefaultConstraint', quoteName(d.table.schema, d.name));
    el.properties.push({ name: 'DefaultExpressionScript', script: d.expression });
    rel(el, 'DefiningTable', [ref(quoteName(d.table.schema, d.table.name))]);
    // A default cannot name columns; only the built-in types of its CASTs/CONVERTs can be dependencies.
    rel(el, 'ExpressionDependencies', this.dependencies(d.expression, d.table, []));
    rel(el, 'ForColumn', [ref(quoteName(d.table.schema, d.table.name, d.column))]);
    return sortRelationships(el);
  }

  private checkConstraint(c: CheckConstraint): ModelElement {
    const el = newElement('SqlCheckConstraint', quoteName(c.table.schema, c.name));
    if (c.notForReplication) el.properties.push(flag('IsNotForReplication'));
    el.properties.push({ name: 'CheckExpressionScript', script: c.expression });
    if (c.disabled) el.properties.push(flag('IsDisabled'));
    rel(el, 'CheckExpressionDependencies', this.dependencies(c.expression, c.table, this.columnsOf(c.table)));
    rel(el, 'DefiningTable', [ref(quoteName(c.table.schema, c.table.name))]);
    if (c.notTrusted || c.disabled) el.annotations.push(notTrusted());
    return sortRelationships(el);
  }

  private index(i: IndexModel): ModelElement {
    const el = newElement('SqlIndex', quoteName(i.table.schema, i.table.name, i.name));
    if (i.unique) el.properties.push(flag('IsUnique'));
    if (i.clustered) el.properties.push(flag('IsClustered'));
    if (i.filter !== undefined) {
      el.properties.push({ name: 'FilterPredicate', script: i.filter });
      rel(el, 'BodyDependencies', this.dependencies(i.filter, i.table, this.columnsOf(i.table)));
    }
    rel(el, 'ColumnSpecifications', this.columnSpecifications(i.table, i.columns));
    rel(el, 'IncludedColumns', i.included.map((c) => ref(quoteName(i.table.schema, i.table.name, c))));
    rel(el, 'IndexedObject', [ref(quoteName(i.table.schema, i.table.name))]);
    return sortRelationships(el);
  }

  private xmlIndex(x: XmlIndexModel): ModelElement {
    const el = newElement('SqlXmlIndex', quoteName(x.table.schema, x.table.name, x.name));
    el.properties.push(flag('IsPrimary'));
    rel(el, 'Column', [ref(quoteName(x.table.schema, x.table.name, x.column))]);
    rel(el, 'IndexedObject', [ref(quoteName(x.table.schema, x.table.name))]);
    return el;
  }

  // ------------------------------------------------------------------------------------------ modules

  private module(m: ModuleModel): ModelElement {
    const name = quoteName(m.schema, m.name);
    const info = readModuleHeader(m.definition, m.kind, name, this.lookup);
    const script = (prop: string): ModelProperty => ({
      name: prop,
      script: info.body,
      scriptOptions: { quotedIdentifiers: m.quotedIdentifier, ansiNulls: m.ansiNulls },
    });
    const sysComments: ModelAnnotation = { type: 'SysCommentsObjectAnnotation', properties: [] };
    if (info.createOffset !== 0) sysComments.properties.push(value('CreateOffset', info.createOffset));
    sysComments.properties.push(
      value('Length', m.definition.length),
      value('StartLine', 1),
      value('StartColumn', 1),
      value('HeaderContents', info.header),
    );
    if (info.footer) sysComments.properties.push(value('FooterContents', info.footer));
    const parameters = m.parameters ?? info.parameters;
    const dependsOn = this.moduleDependencies(m);
    const ansiNulls = m.ansiNulls ? [flag('IsAnsiNullsOn')] : [];
    const schemaBound = m.schemaBound ? [flag('IsSchemaBound')] : [];

    switch (m.kind) {
      case 'view': {
        const el = newElement('SqlView', name);
        el.properties.push(...schemaBound, script('QueryScript'), ...ansiNulls);
        rel(el, 'Columns', (m.columns ?? []).map((c) => ({ element: newElement('SqlComputedColumn', quoteName(m.schema, m.name, c.name)) })));
        rel(el, 'QueryDependencies', dependsOn);
        rel(el, 'Schema', [schemaEntry(m.schema)]);
        el.annotations.push(sysComments);
        return sortRelationships(el);
      }
      case 'procedure': {
        const el = newElement('SqlProcedure', name);
        el.properties.push(script('BodyScript'), ...ansiNulls);
        rel(el, 'BodyDependencies', dependsOn);
        rel(el, 'Parameters', this.parameters(m, parameters));
        rel(el, 'Schema', [schemaEntry(m.schema)]);
        el.annotations.push(sysComments);
        return sortRelationships(el);
      }
      case 'trigger': {
        const t = m.trigger;
        if (!m.parent || !t) throw new BackupError('internal', `Trigger ${name} has no parent table or events.`);
        const el = newElement('SqlDmlTrigger', name);
        if (t.insert) el.properties.push(flag('IsInsertTrigger'));
        if (t.update) el.properties.push(flag('IsUpdateTrigger'));
        if (t.delete) el.properties.push(flag('IsDeleteTrigger'));
        // DacFx writes IsNotForReplication right after the event flags.
        if (t.notForReplication) el.properties.push(flag('IsNotForReplication'));
        // 2 = AFTER, 3 = INSTEAD OF (spec §4.4, checked against 12 triggers' headers).
        el.properties.push(value('SqlTriggerType', t.insteadOf ? 3 : 2), script('BodyScript'), ...ansiNulls);
        rel(el, 'BodyDependencies', dependsOn);
        rel(el, 'Parent', [ref(quoteName(m.parent.schema, m.parent.name))]);
        el.annotations.push(sysComments);
        return sortRelationships(el);
      }
      case 'scalarFunction':
      case 'inlineTableFunction':
      case 'tableFunction': {
        const type = m.kind === 'scalarFunction' ? 'SqlScalarFunction' : m.kind === 'inlineTableFunction' ? 'SqlInlineTableValuedFunction' : 'SqlMultiStatementTableValuedFunction';
        const el = newElement(type, name);
        if (info.returnTableVariable) el.properties.push(value('ReturnTableVariable', info.returnTableVariable));
        el.properties.push(...ansiNulls, ...schemaBound);
        const body = newElement('SqlScriptFunctionImplementation');
        body.properties.push(script('BodyScript'));
        body.annotations.push(sysComments);
        rel(el, 'BodyDependencies', dependsOn);
        rel(el, 'Columns', this.functionColumns(m, m.columns ?? info.returnColumns ?? []));
        rel(el, 'FunctionBody', [{ element: body }]);
        rel(el, 'Parameters', this.parameters(m, parameters));
        rel(el, 'Schema', [schemaEntry(m.schema)]);
        const returnType = m.returnType ?? info.returnType;
        if (m.kind === 'scalarFunction' && returnType) rel(el, 'Type', [{ element: this.typeSpecifier(returnType, name) }]);
        return sortRelationships(el);
      }
    }
  }

  /**
   * The module's dependencies as references (QueryDependencies of a view, BodyDependencies of the others): DacFx
   * orders the import's CREATE statements only by these (tools/dacfx-check/experiments/RESULTS.md). Only objects
   * the model holds are named, spelled as the model spells them, so no reference dangles.
   */
  private moduleDependencies(m: ModuleModel): ModelEntry[] {
    if (!m.dependencies?.length) return [];
    if (!this.referableObjects) {
      this.referableObjects = new Map();
      for (const o of [...this.model.tables, ...this.model.modules, ...this.model.sequences]) this.referableObjects.set(this.objectKey(o), o);
    }
    const seen = new Set<string>([this.objectKey(m)]);
    const entries: ModelEntry[] = [];
    for (const d of m.dependencies) {
      const key = this.objectKey(d);
      const target = this.referableObjects.get(key);
      if (!target || seen.has(key)) continue;
      seen.add(key);
      entries.push(ref(quoteName(target.schema, target.name)));
    }
    return entries;
  }

  private referableObjects: Map<string, ObjectName> | undefined;

  private objectKey(o: ObjectName): string {
    return this.nameKey(tableKey(o));
  }

  private functionColumns(m: ModuleModel, columns: ModuleColumn[]): ModelEntry[] {
    return columns.map((c) => {
      const name = quoteName(m.schema, m.name, c.name);
      if (m.kind !== 'tableFunction' || !c.type) return { element: newElement('SqlComputedColumn', name) };
      const el = newElement('SqlSimpleColumn', name);
      if (c.nullable === false) el.properties.push(value('IsNullable', 'False'));
      rel(el, 'TypeSpecifier', [{ element: this.typeSpecifier(c.type, name) }]);
      return { element: el };
    });
  }

  private parameters(m: ModuleModel, params: ModuleParameter[]): ModelEntry[] {
    return params.map((p) => {
      const name = quoteName(m.schema, m.name, p.name);
      const el = newElement('SqlSubroutineParameter', name);
      if (p.isOutput) el.properties.push(flag('IsOutput'));
      if (p.isReadOnly) el.properties.push(flag('IsReadOnly'));
      if (p.defaultExpression !== undefined) {
        el.properties.push({
          name: 'DefaultExpressionScript',
          script: p.defaultExpression,
          scriptOptions: { quotedIdentifiers: m.quotedIdentifier, ansiNulls: m.ansiNulls },
        });
      }
      rel(el, 'Type', [{ element: this.typeSpecifier(p.type, name) }]);
      return { element: el };
    });
  }

  // ------------------------------------------------------------------------------------------ extended properties

  private extendedProperty(p: ExtendedPropertyModel): ModelElement {
    const t = p.target;
    let hostClass: string;
    let hostParts: string[];
    let host: ModelReference | undefined;
    switch (t.kind) {
      case 'database':
        hostClass = 'SqlDatabaseOptions';
        hostParts = [];
        host = { disambiguator: databaseOptionsDisambiguator };
        break;
      case 'schema':
        hostClass = 'SqlSchema';
        hostParts = [t.schema];
        host = schemaEntry(t.schema).reference as ModelReference;
        break;
      case 'table':
        hostClass = 'SqlTableBase';
        hostParts = [t.object.schema, t.object.name];
        break;
      case 'column':
        hostClass = 'SqlColumn';
        hostParts = [t.object.schema, t.object.name, t.column];
        break;
      case 'view':
        hostClass = 'SqlView';
        hostParts = [t.object.schema, t.object.name];
        break;
      case 'module': {
        const kind = this.model.modules.find((m) => this.sameName(m.schema, t.object.schema) && this.sameName(m.name, t.object.name))?.kind;
        hostClass = kind === 'procedure' ? 'SqlProcedure' : kind === 'trigger' ? 'SqlDmlTrigger' : kind === 'view' ? 'SqlView' : 'SqlFunction';
        hostParts = [t.object.schema, t.object.name];
        break;
      }
      case 'index':
        hostClass = 'SqlIndexBase';
        hostParts = [t.object.schema, t.object.name, t.index];
        break;
      case 'constraint':
        hostClass = 'SqlConstraint';
        hostParts = [t.object.schema, t.constraint];
        break;
      case 'parameter':
        hostClass = 'SqlSubroutineParameter';
        hostParts = [t.object.schema, t.object.name, t.parameter];
        break;
      case 'xmlSchemaCollection':
        hostClass = 'SqlXmlSchemaCollection';
        hostParts = [t.object.schema, t.object.name];
        break;
      case 'filegroup':
        hostClass = 'SqlFilegroup';
        hostParts = [t.name];
        // Only PRIMARY exists in the target (filegroups are not exported); another one stays a dangling reference.
        host = t.name === 'PRIMARY' ? { externalSource: 'BuiltIns', name: '[PRIMARY]' } : { name: quoteName(t.name) };
        break;
    }
    host ??= { name: quoteName(...hostParts) };
    const el = newElement('SqlExtendedProperty', `[${hostClass}].${quoteName(...hostParts, p.name)}`);
    el.properties.push({ name: 'Value', script: p.value });
    rel(el, 'Host', [{ reference: host }]);
    return el;
  }
}

function tableKey(t: ObjectName): string {
  return `${t.schema}\u0000${t.name}`;
}

function onlineValue(name: string, v: string): ModelAnnotation {
  return { type: 'OnlinePropertyAnnotation', name, properties: [value('Value', v)] };
}

function notTrusted(): ModelAnnotation {
  return { type: 'IsNotTrustedPropertyAnnotation', properties: [] };
}

/**
 * Every top-level element, in DacFx's order (spec §4.3): unnamed ones first (SqlDatabaseOptions, then inline
 * constraints), then the named ones sorted with `compareModelNames`.
 */
export function buildModelElements(model: DatabaseModel, options: ModelElementOptions = {}): ModelElement[] {
  return new ElementBuilder(model, options).build();
}
