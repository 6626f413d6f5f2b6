/**
 * The benchmark's three tables as a GeneratedDatabase the TDS double can serve, with rows made on the fly:
 *
 * - `narrow`: int key, bit, datetime, a short nvarchar — the per-row overhead case (~55 BCP bytes a row);
 * - `propertyData`: shaped like Umbraco's umbracoPropertyData — ints, mostly-NULL value columns, and ~2 KB of
 *   JSON in nvarchar(max) (~4 KB a row);
 * - `wide`: one column of every SQL type the codec carries.
 *
 * Values cycle through small precomputed pools, so a 5 GB table costs no memory and little CPU in the double,
 * and the BCP size of a table is known exactly: the row count is a whole number of pool cycles, and the bytes of
 * one cycle are measured once with the real encoder. `copies` adds identical tables (`narrow_2`, …) for the
 * parallel-mode runs.
 */
import { createRowEncoder } from '../src/core/bcp/rowEncoder';
import type { SqlRow, SqlValue } from '../src/core/bcp/values';
import { sortDatabaseModel } from '../src/core/catalog/modelOrder';
import { emptyDatabaseModel, type ColumnModel, type DatabaseModel, type ObjectName, type SqlType, type TableModel } from '../src/core/model/types';
import type { GeneratedDatabase } from '../test/support/databases/generatedDatabase';
import { dataResultSet } from '../test/support/tds/database/dataQuery';
import type { ResultSet } from '../test/support/tds/server';
import { SeededRandom } from '../test/support/databases/random';
import { generateValue } from '../test/support/databases/rowGenerator';

export type BenchTableKind = 'narrow' | 'propertyData' | 'wide';
export const benchTableKinds: readonly BenchTableKind[] = ['narrow', 'propertyData', 'wide'];

export interface BenchTableSpec {
  kind: BenchTableKind;
  /** BCP bytes wanted per table (rounded up to whole pool cycles). */
  bytes: number;
  /** Identical tables served (1 = just the table). */
  copies: number;
}

export interface BenchDatabase extends GeneratedDatabase {
  spec: BenchTableSpec;
  /** The table names, first the original then the copies. */
  tableNames: string[];
  rowsPerTable: number;
  /** Exact BCP bytes of one table. */
  bcpBytesPerTable: number;
  /**
   * The double's answer to a table's data query with the values already in the form the query's CONVERTs ask
   * for: one pool cycle is converted once, then only the key columns change. SQL Server does not parse and
   * print text per value to send a row, so neither should the double, or it, not the exporter, is measured.
   */
  dataResult(table: ObjectName, sql: string): ResultSet;
}

interface TableShape {
  columns: ColumnModel[];
  /** Rows after which values repeat. */
  cycle: number;
  /** Fills `row` with row `i` (0-based); the key column is `i + 1`. */
  fill(i: number, row: SqlRow): void;
  /** Sets only the columns that do not repeat with the cycle (keys); they are ints, sent as they are. */
  fillKeys(i: number, row: SqlRow): void;
}

const col = (name: string, type: SqlType, nullable: boolean): ColumnModel => ({ name, type, nullable });

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** datetime text on SQL Server's 1/300 s grid, as style 121 prints it. */
function datetimeText(rnd: SeededRandom): string {
  const ticks = rnd.int(0, 300 * 86400 - 1);
  const ms = Math.round((ticks * 10) / 3);
  const s = Math.floor(ms / 1000);
  return `20${pad(rnd.int(10, 29), 2)}-${pad(rnd.int(1, 12), 2)}-${pad(rnd.int(1, 28), 2)} ` +
    `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(ms % 1000, 3)}`;
}

function narrowShape(): TableShape {
  const rnd = new SeededRandom('bench-narrow');
  const cycle = 4096;
  const dates = Array.from({ length: cycle }, () => datetimeText(rnd));
  const words = ['alpha', 'beta', 'gamma', 'delta', 'home', 'news', 'about-us', 'contact', 'Ærø', 'product'];
  const names = Array.from({ length: cycle }, (_, i) => (i % 10 === 9 ? null : `${words[i % words.length]}-${rnd.int(0, 999_999)}`));
  return {
    columns: [col('id', { base: 'int' }, false), col('published', { base: 'bit' }, false), col('updated', { base: 'datetime' }, false), col('name', { base: 'nvarchar', length: 50 }, true)],
    cycle,
    fill(i, row) {
      const k = i % cycle;
      row[0] = i + 1;
      row[1] = (i & 1) === 1;
      row[2] = dates[k];
      row[3] = names[k];
    },
    fillKeys(i, row) {
      row[0] = i + 1;
    },
  };
}

/** ~2 KB of JSON like a Block List / Grid property value. */
function propertyJson(rnd: SeededRandom, i: number): string {
  const blocks: string[] = [];
  let length = 0;
  let b = 0;
  while (length < 1900) {
    const udi = `umb://element/${rnd.bytes(16).toString('hex')}`;
    const block = `{"contentTypeKey":"${rnd.guid().toLowerCase()}","udi":"${udi}","title":"Block ${i}.${b}",` +
      `"text":"<p>Lorem ipsum ${rnd.int(0, 1e9)} dolor sit amet, consectetur adipiscing elit ${rnd.int(0, 1e6)}.</p>","sortOrder":${b}}`;
    blocks.push(block);
    length += block.length;
    b++;
  }
  return `{"layout":{"Umbraco.BlockList":[${blocks.map((_, n) => `{"contentUdi":"umb://element/${n}"}`).join(',')}]},"contentData":[${blocks.join(',')}],"settingsData":[]}`;
}

function propertyDataShape(): TableShape {
  const rnd = new SeededRandom('bench-propertyData');
  const cycle = 256;
  const json = Array.from({ length: cycle }, (_, i) => propertyJson(rnd, i));
  const dates = Array.from({ length: cycle }, () => datetimeText(rnd));
  return {
    columns: [
      col('id', { base: 'int' }, false), col('versionId', { base: 'int' }, false), col('propertyTypeId', { base: 'int' }, false),
      col('languageId', { base: 'int' }, true), col('segment', { base: 'nvarchar', length: 256 }, true), col('intValue', { base: 'int' }, true),
      col('decimalValue', { base: 'decimal', precision: 38, scale: 6 }, true), col('dateValue', { base: 'datetime' }, true),
      col('varcharValue', { base: 'nvarchar', length: 512 }, true), col('textValue', { base: 'nvarchar', isMax: true }, true),
    ],
    cycle,
    fillKeys(i, row) {
      row[0] = i + 1;
      row[1] = 1000 + (i >> 3);
    },
    fill(i, row) {
      const k = i % cycle;
      row[0] = i + 1;
      row[1] = 1000 + (i >> 3);
      row[2] = 40 + (i & 7);
      row[3] = k % 3 === 0 ? 1 : null;
      row[4] = null;
      row[5] = k % 5 === 0 ? k : null;
      row[6] = null;
      row[7] = k % 25 === 0 ? dates[k] : null;
      row[8] = k % 4 === 0 ? `umb://document/${k.toString(16).padStart(32, '0')}` : null;
      row[9] = json[k];
    },
  };
}

function wideShape(): TableShape {
  const types: [string, SqlType][] = [
    ['bit', { base: 'bit' }], ['tinyint', { base: 'tinyint' }], ['smallint', { base: 'smallint' }], ['bigint', { base: 'bigint' }],
    ['real', { base: 'real' }], ['float', { base: 'float', precision: 53 }], ['decimal', { base: 'decimal', precision: 18, scale: 4 }],
    ['numeric', { base: 'numeric', precision: 38, scale: 10 }], ['money', { base: 'money' }], ['smallmoney', { base: 'smallmoney' }],
    ['date', { base: 'date' }], ['time', { base: 'time', scale: 7 }], ['datetime2', { base: 'datetime2', scale: 7 }],
    ['datetimeoffset', { base: 'datetimeoffset', scale: 7 }], ['datetime', { base: 'datetime' }], ['smalldatetime', { base: 'smalldatetime' }],
    ['uniqueidentifier', { base: 'uniqueidentifier' }], ['char', { base: 'char', length: 10 }], ['varchar', { base: 'varchar', length: 100 }],
    ['varcharMax', { base: 'varchar', isMax: true }], ['nchar', { base: 'nchar', length: 10 }], ['nvarchar', { base: 'nvarchar', length: 100 }],
    ['nvarcharMax', { base: 'nvarchar', isMax: true }], ['text', { base: 'text' }], ['ntext', { base: 'ntext' }], ['xml', { base: 'xml' }],
    ['binary', { base: 'binary', length: 16 }], ['varbinary', { base: 'varbinary', length: 200 }], ['varbinaryMax', { base: 'varbinary', isMax: true }],
    ['image', { base: 'image' }], ['rowversion', { base: 'rowversion' }], ['geography', { base: 'geography' }], ['geometry', { base: 'geometry' }],
    ['hierarchyid', { base: 'hierarchyid' }], ['variant', { base: 'sql_variant' }],
  ];
  // rowversion is NOT NULL in SQL Server; every other column is nullable and NULL in about one row in eight.
  const columns = [col('id', { base: 'int' }, false), ...types.map(([name, type]) => col(name, type, type.base !== 'rowversion'))];
  const cycle = 512;
  const rnd = new SeededRandom('bench-wide');
  const pool: SqlValue[][] = [];
  for (let k = 0; k < cycle; k++) {
    pool.push(types.map(([, type], c) => (type.base !== 'rowversion' && (k + c) % 8 === 0 ? null : generateValue(rnd, type, undefined, k))));
  }
  const width = types.length;
  return {
    columns,
    cycle,
    fill(i, row) {
      const values = pool[i % cycle];
      row[0] = i + 1;
      for (let c = 0; c < width; c++) row[c + 1] = values[c];
    },
    fillKeys(i, row) {
      row[0] = i + 1;
    },
  };
}

const shapes: Record<BenchTableKind, () => TableShape> = { narrow: narrowShape, propertyData: propertyDataShape, wide: wideShape };

/** BCP bytes of one pool cycle, measured with the exporter's own encoder. */
function cycleBytes(shape: TableShape): number {
  const encoder = createRowEncoder(shape.columns);
  const row: SqlRow = new Array(shape.columns.length).fill(null);
  let bytes = 0;
  for (let i = 0; i < shape.cycle; i++) {
    shape.fill(i, row);
    bytes += encoder.encode(row);
    encoder.reset();
  }
  return bytes;
}

export function benchTableName(kind: BenchTableKind, copy: number): string {
  return copy === 0 ? kind : `${kind}_${copy + 1}`;
}

export function createBenchDatabase(spec: BenchTableSpec): BenchDatabase {
  const shape = shapes[spec.kind]();
  const perCycle = cycleBytes(shape);
  const cycles = Math.max(1, Math.ceil(spec.bytes / perCycle));
  const rowsPerTable = cycles * shape.cycle;
  const model: DatabaseModel = emptyDatabaseModel('Bench', 'SQL_Latin1_General_CP1_CI_AS', {
    versionText: 'Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tCopyright (C) 2022 Microsoft Corporation\n',
    majorVersion: 12,
    isAzureSqlDatabase: true,
  });
  model.compatibilityLevel = 160;
  const tableNames: string[] = [];
  for (let copy = 0; copy < Math.max(1, spec.copies); copy++) {
    const name = benchTableName(spec.kind, copy);
    tableNames.push(name);
    const table: TableModel = { schema: 'dbo', name, ansiNulls: true, columns: shape.columns.map((c) => ({ ...c })) };
    model.tables.push(table);
    model.primaryKeys.push({ name: `PK_${name}`, table: { schema: 'dbo', name }, columns: [{ name: 'id' }], clustered: true });
  }
  sortDatabaseModel(model);
  const width = shape.columns.length;
  const rows = (): Iterable<SqlRow> => ({
    *[Symbol.iterator]() {
      // One array refilled per row: the double encodes a row before it asks for the next.
      const row: SqlRow = new Array(width).fill(null);
      for (let i = 0; i < rowsPerTable; i++) {
        shape.fill(i, row);
        yield row;
      }
    },
  });
  // Per query text: the wire and the driver reader select some columns differently.
  const converted = new Map<string, { columns: ResultSet['columns']; rows: SqlRow[] }>();
  const convertedCycle = (sql: string) => {
    let cycle = converted.get(sql);
    if (!cycle) {
      const one = dataResultSet(model.tables[0], (function* () {
        const row: SqlRow = new Array(width).fill(null);
        for (let i = 0; i < shape.cycle; i++) {
          shape.fill(i, row);
          yield row;
        }
      })(), sql);
      cycle = { columns: one.columns, rows: [...(one.rows as Iterable<SqlRow>)] };
      converted.set(sql, cycle);
    }
    return cycle;
  };
  return {
    spec,
    model,
    tableNames,
    rowsPerTable,
    bcpBytesPerTable: cycles * perCycle,
    rowCount: (_table: ObjectName) => rowsPerTable,
    rows,
    dataResult(_table: ObjectName, sql: string): ResultSet {
      const cycle = convertedCycle(sql);
      return {
        columns: cycle.columns,
        rows: (function* () {
          for (let i = 0; i < rowsPerTable; i++) {
            const row = cycle.rows[i % shape.cycle];
            shape.fillKeys(i, row);
            yield row;
          }
        })(),
      };
    },
  };
}
