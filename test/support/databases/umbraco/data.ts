/**
 * Deterministic data for the Umbraco demo database, shaped by the site profile and consistent with the schema:
 * every foreign key points at an existing row, primary keys and unique indexes hold, and regenerating a table
 * gives the same rows. Key values are closed-form functions of (table, column, row index) where other tables
 * refer to them, so a table can be generated without keeping the tables it references in memory.
 */
import type { ColumnModel, DatabaseModel, ForeignKeyConstraint, ObjectName, TableModel } from '../../../../src/core/model/types';
import type { SqlRow, SqlValue } from '../../../../src/core/bcp/values';
import { SeededRandom, stableGuid } from '../random';
import { tableKey, type GeneratedDatabase } from '../generatedDatabase';
import { umbracoModel } from './schema';
import { umbracoProfile, type ColumnShape } from './profile';
import { textValueSample, jsonSample, wordsOfLength } from './valueShapes';

/** The profile describes ~1.2 million rows; scale 1 makes a demo of about 50,000. */
const rowsAtScaleOne = 50_000;
const profileTotalRows = Object.values(umbracoProfile).reduce((s, t) => s + t.rows, 0);
/** Tables this small (locks, languages, user groups…) keep their real size at every scale. */
const alwaysFullSize = 60;
/** Site history the generated dates fall into. */
const historyStartMs = Date.UTC(2021, 0, 1);
const historySpanMs = 5 * 365 * 24 * 3600 * 1000;

export interface UmbracoDataOptions {
  scale?: number;
  seed?: number;
  databaseName?: string;
}

export function generateUmbracoDatabase(options: UmbracoDataOptions = {}): GeneratedDatabase {
  return new UmbracoDataGenerator(umbracoModel(options.databaseName), options.scale ?? 1, options.seed ?? 13);
}

type KeyRule = { kind: 'identity'; base: number } | { kind: 'derived'; fk: ForeignKeyConstraint } | { kind: 'guid' } | { kind: 'string' } | { kind: 'int' };

class UmbracoDataGenerator implements GeneratedDatabase {
  private readonly tablesByName = new Map<string, TableModel>();
  private readonly planned = new Map<string, number>();
  private readonly actual = new Map<string, number>();
  private readonly fksByColumn = new Map<string, ForeignKeyConstraint[]>();
  private readonly keyRules = new Map<string, KeyRule>();
  private readonly uniqueSets = new Map<string, { columns: number[]; filtered: boolean }[]>();

  constructor(
    readonly model: DatabaseModel,
    private readonly scale: number,
    private readonly seed: number,
  ) {
    for (const t of model.tables) this.tablesByName.set(t.name, t);
    for (const fk of model.foreignKeys) {
      const key = `${fk.table.name}.${fk.columns[0]}`;
      this.fksByColumn.set(key, [...(this.fksByColumn.get(key) ?? []), fk]);
    }
    const referenced = new Set(model.foreignKeys.map((fk) => `${fk.referencedTable.name}.${fk.referencedColumns[0]}`));
    for (const t of model.tables) {
      const pk = model.primaryKeys.find((k) => k.table.name === t.name);
      const sets: { columns: number[]; filtered: boolean }[] = [];
      const indexOf = (name: string) => t.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
      if (pk) sets.push({ columns: pk.columns.map((c) => indexOf(c.name)), filtered: false });
      for (const ix of model.indexes.filter((i) => i.table.name === t.name && i.unique)) {
        sets.push({ columns: ix.columns.map((c) => indexOf(c.name)), filtered: ix.filter !== undefined });
      }
      this.uniqueSets.set(t.name, sets);
      const singleKeys = new Set(sets.filter((s) => s.columns.length === 1).map((s) => t.columns[s.columns[0]].name));
      for (const c of t.columns) {
        const id = `${t.name}.${c.name}`;
        if (c.identity) this.keyRules.set(id, { kind: 'identity', base: identityBase(t.name) });
        else if (singleKeys.has(c.name) && this.fksByColumn.has(id)) this.keyRules.set(id, { kind: 'derived', fk: this.narrowestFk(id) });
        else if (singleKeys.has(c.name) || referenced.has(id)) {
          this.keyRules.set(id, c.type.base === 'uniqueidentifier' ? { kind: 'guid' } : c.type.base === 'int' ? { kind: 'int' } : { kind: 'string' });
        }
      }
    }
    const factor = (rowsAtScaleOne * scale) / profileTotalRows;
    for (const t of model.tables) {
      const profileRows = umbracoProfile[t.name]?.rows ?? 10;
      this.planned.set(t.name, profileRows <= alwaysFullSize ? profileRows : Math.max(alwaysFullSize, Math.round(profileRows * factor)));
    }
  }

  rowCount(table: ObjectName): number {
    const cached = this.actual.get(table.name);
    if (cached !== undefined) return cached;
    let n = this.targetRows(table.name);
    // Rows are only ever skipped for a duplicate in a unique key; when every unique key contains a column whose
    // values are unique by construction, no row is skipped and the count is known without generating the table.
    if (!this.collisionFree(table.name)) {
      n = 0;
      for (const _ of this.rows(table)) n++;
    }
    this.actual.set(table.name, n);
    return n;
  }

  private collisionFree(tableName: string): boolean {
    const t = this.tablesByName.get(tableName)!;
    return (this.uniqueSets.get(tableName) ?? []).every((set) => set.columns.some((i) => this.keyRules.has(`${tableName}.${t.columns[i].name}`)));
  }

  private targetRows(tableName: string): number {
    const t = this.tablesByName.get(tableName)!;
    let target = this.planned.get(tableName) ?? 0;
    for (const c of t.columns) {
      const rule = this.keyRules.get(`${tableName}.${c.name}`);
      if (rule?.kind === 'derived') target = Math.min(target, this.rowCount(rule.fk.referencedTable));
    }
    return target;
  }

  *rows(table: ObjectName): Iterable<SqlRow> {
    const t = this.tablesByName.get(table.name);
    if (!t || table.schema !== 'dbo') throw new Error(`The demo database has no table ${tableKey(table)}`);
    const rng = new SeededRandom(`${this.seed}:${t.name}`);
    const shapes = umbracoProfile[t.name]?.columns ?? {};
    const sets = this.uniqueSets.get(t.name) ?? [];
    const seen = sets.map(() => new Set<string>());
    const target = this.targetRows(t.name);
    let emitted = 0;
    for (let attempt = 0; emitted < target && attempt < target * 3; attempt++) {
      const row = t.columns.map((c) => this.value(t, c, shapes[c.name], emitted, rng));
      const keys = sets.map((s) => (s.filtered && s.columns.some((i) => row[i] === null) ? null : s.columns.map((i) => String(row[i])).join('\u0000')));
      if (keys.some((k, i) => k !== null && seen[i].has(k.toLowerCase()))) continue;
      keys.forEach((k, i) => k !== null && seen[i].add(k.toLowerCase()));
      emitted++;
      yield row;
    }
  }

  /** The value a key column has in row `index` — the same wherever it is asked for. */
  private keyValue(tableName: string, column: ColumnModel, index: number): SqlValue {
    const rule = this.keyRules.get(`${tableName}.${column.name}`);
    if (!rule) throw new Error(`${tableName}.${column.name} is not a key column`);
    switch (rule.kind) {
      case 'identity':
        return index === 0 && rule.base > 0 && specialRootTables.has(tableName) ? -1 : rule.base + index + 1;
      case 'derived': {
        const ref = this.tablesByName.get(rule.fk.referencedTable.name)!;
        const refColumn = ref.columns.find((c) => c.name.toLowerCase() === rule.fk.referencedColumns[0].toLowerCase())!;
        return this.keyValue(ref.name, refColumn, index);
      }
      case 'guid':
        return stableGuid(this.seed, tableName, column.name, index);
      case 'int':
        return index + 1;
      case 'string': {
        const max = column.type.isMax ? 450 : (column.type.length ?? 36);
        const text = `${column.name}-${stableGuid(this.seed, tableName, column.name, index).toLowerCase()}`;
        return text.length <= max ? text : `${index}`.padStart(Math.min(max, 6), '0');
      }
    }
  }

  private value(t: TableModel, c: ColumnModel, shape: ColumnShape | undefined, index: number, rng: SeededRandom): SqlValue {
    const id = `${t.name}.${c.name}`;
    if (this.keyRules.has(id)) return this.keyValue(t.name, c, index);
    const fks = this.fksByColumn.get(id);
    if (fks) {
      if (c.nullable && rng.chance(shape?.n ?? 0.3)) return null;
      const fk = this.narrowestFk(id);
      const ref = this.tablesByName.get(fk.referencedTable.name)!;
      const refColumn = ref.columns.find((x) => x.name.toLowerCase() === fk.referencedColumns[0].toLowerCase())!;
      // A self-reference points at an earlier row (a parent), or at itself for the first.
      const limit = ref.name === t.name ? Math.max(1, index) : this.rowCount(fk.referencedTable);
      if (limit === 0) throw new Error(`${id} references the empty table ${ref.name}`);
      return this.keyValue(ref.name, refColumn, ref.name === t.name && index === 0 ? 0 : rng.int(0, limit - 1));
    }
    if (c.nullable && shape?.n && rng.chance(shape.n)) return null;
    return scalarValue(c, shape, rng);
  }

  /** Of several foreign keys on one column, the one to the smallest table: its keys satisfy the others too. */
  private narrowestFk(columnId: string): ForeignKeyConstraint {
    const fks = this.fksByColumn.get(columnId)!;
    return fks.reduce((a, b) => ((umbracoProfile[b.referencedTable.name]?.rows ?? 0) < (umbracoProfile[a.referencedTable.name]?.rows ?? 0) ? b : a));
  }
}

/** Umbraco's installer gives the root node and the super user id -1; user-created nodes start at 1055. */
const specialRootTables = new Set(['umbracoNode', 'umbracoUser']);
function identityBase(table: string): number {
  return table === 'umbracoNode' ? 1054 : 0;
}

function scalarValue(c: ColumnModel, shape: ColumnShape | undefined, rng: SeededRandom): SqlValue {
  const base = c.type.base;
  switch (base) {
    case 'bit':
      return rng.chance(shape?.t ?? 0.5);
    case 'int':
    case 'bigint': {
      const n = shape?.v ? leadingInt(rng.weighted(shape.v), rng) : shape?.d ? leadingInt(rng.weighted(shape.d), rng) : rng.int(0, 5000);
      return base === 'bigint' ? BigInt(n) : n;
    }
    case 'decimal':
      return `${rng.int(0, 99999)}.${String(rng.int(0, 999999)).padStart(c.type.scale ?? 0, '0').slice(0, c.type.scale ?? 0)}`;
    case 'datetime':
      return datetimeText(rng);
    case 'datetime2':
      return `${datetimeText(rng).slice(0, 19)}.${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
    case 'uniqueidentifier': {
      const guidValue = shape?.v ? /^[0-9a-f-]{36}/i.exec(rng.weighted(shape.v))?.[0] : undefined;
      return (guidValue ?? rng.guid()).toUpperCase();
    }
    case 'varbinary':
      return rng.bytes(Math.max(0, Math.round((shape?.len?.[0] ?? 64) * (0.5 + rng.next()))));
    case 'nvarchar':
    case 'nchar': {
      const max = c.type.isMax ? 20_000 : (c.type.length ?? 1);
      let text: string;
      if (shape?.k === 'text_mixed') text = textValueSample(rng);
      else if (shape?.k === 'json') text = jsonSample(rng, shape.len?.[0] ?? 200);
      else if (shape?.v) {
        const v = rng.weighted(shape.v);
        text = v === 'other' ? wordsOfLength(rng, 8) : v.replace(/ \(.*\)$/, '');
      } else if (shape?.ex && rng.chance(0.5)) text = rng.pick(shape.ex);
      else text = wordsOfLength(rng, Math.max(1, Math.round((shape?.len?.[0] ?? 20) * (0.5 + rng.next()))));
      text = text.slice(0, max);
      return base === 'nchar' ? text.padEnd(max, ' ') : text;
    }
    default:
      throw new Error(`The Umbraco demo generator has no values for ${base}`);
  }
}

/** `"0-9"`, `"100+"`, `"-331..-343"`, `"1 (Culture)"`, `"-1"` → an integer from that bucket. */
function leadingInt(bucket: string, rng: SeededRandom): number {
  const range = /^(-?\d+)\s*(?:-|\.\.)\s*(-?\d+)/.exec(bucket);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    return rng.int(Math.min(a, b), Math.max(a, b));
  }
  const open = /^(-?\d+)\+/.exec(bucket);
  if (open) return rng.int(Number(open[1]), Number(open[1]) * 10 + 10);
  const single = /^(-?\d+)/.exec(bucket);
  if (single) return Number(single[1]);
  return rng.int(1, 1000);
}

/** A datetime in the site's history, on a 1/300 s tick so it reads back exactly as SQL Server shows it. */
function datetimeText(rng: SeededRandom): string {
  const day = new Date(historyStartMs + Math.floor(rng.next() * historySpanMs));
  const ticks = rng.int(0, 24 * 3600 * 300 - 1);
  const ms = Math.floor((ticks * 10) / 3 + 0.5);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const [h, m, s, f] = [Math.floor(ms / 3_600_000), Math.floor(ms / 60_000) % 60, Math.floor(ms / 1000) % 60, ms % 1000];
  return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())} ${pad(h)}:${pad(m)}:${pad(s)}.${pad(f, 3)}`;
}
