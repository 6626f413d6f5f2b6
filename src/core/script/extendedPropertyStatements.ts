/** Extended properties as `sys.sp_addextendedproperty` calls, with the level types their target needs. */
import type { DatabaseModel, ExtendedPropertyModel, ObjectName } from '../model/types';
import { unicodeLiteral } from './typeDeclaration';

type Level = [type: string, name: string];

function sameName(a: ObjectName, b: ObjectName): boolean {
  return a.schema.toLowerCase() === b.schema.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase();
}

/** The level-1 type of an object: TABLE, VIEW, PROCEDURE, FUNCTION, or the table a trigger hangs off. */
function objectLevels(model: DatabaseModel, object: ObjectName): Level[] {
  if (model.tables.some((t) => sameName(t, object))) return [['SCHEMA', object.schema], ['TABLE', object.name]];
  const module = model.modules.find((m) => sameName(m, object));
  switch (module?.kind) {
    case 'view': return [['SCHEMA', object.schema], ['VIEW', object.name]];
    case 'procedure': return [['SCHEMA', object.schema], ['PROCEDURE', object.name]];
    case 'trigger': return module.parent ? [...objectLevels(model, module.parent), ['TRIGGER', object.name]] : [['SCHEMA', object.schema], ['TRIGGER', object.name]];
    case undefined: return [['SCHEMA', object.schema], ['TABLE', object.name]];
    default: return [['SCHEMA', object.schema], ['FUNCTION', object.name]];
  }
}

function levels(model: DatabaseModel, p: ExtendedPropertyModel): Level[] {
  const t = p.target;
  switch (t.kind) {
    case 'database': return [];
    case 'schema': return [['SCHEMA', t.schema]];
    case 'filegroup': return [['FILEGROUP', t.name]];
    case 'table':
    case 'view':
    case 'module': return objectLevels(model, t.object);
    case 'xmlSchemaCollection': return [['SCHEMA', t.object.schema], ['XML SCHEMA COLLECTION', t.object.name]];
    case 'column': return [...objectLevels(model, t.object), ['COLUMN', t.column]];
    case 'index': return [...objectLevels(model, t.object), ['INDEX', t.index]];
    case 'constraint': return [...objectLevels(model, t.object), ['CONSTRAINT', t.constraint]];
    case 'parameter': return [...objectLevels(model, t.object), ['PARAMETER', t.parameter]];
  }
}

export function extendedPropertyStatement(model: DatabaseModel, p: ExtendedPropertyModel): string {
  const args = [`@name = ${unicodeLiteral(p.name)}`, `@value = ${p.value}`];
  levels(model, p).forEach(([type, name], i) => {
    args.push(`@level${i}type = ${unicodeLiteral(type)}`, `@level${i}name = ${unicodeLiteral(name)}`);
  });
  return `EXECUTE sp_addextendedproperty ${args.join(', ')};`;
}
