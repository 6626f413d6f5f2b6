/** Reads every row of a written .bacpac back, per table, with the project's own reader (for value-by-value checks). */
import { createRowDecoder, type SqlRow } from '../../../src/core/bcp';
import { parseModelXml, type ParsedModelXml } from '../../../src/core/model/modelXmlParser';
import { BacpacPackageReader } from '../../../src/core/package/bacpacReader';

export interface BacpacContents {
  parsed: ParsedModelXml;
  /** `schema.table` → rows in part order. */
  rows: Map<string, SqlRow[]>;
  partNames: string[];
}

export async function readBacpacRows(path: string): Promise<BacpacContents> {
  const reader = await BacpacPackageReader.open(path);
  try {
    const chunks: Buffer[] = [];
    for await (const c of reader.openPart('model.xml')) chunks.push(c);
    const parsed = parseModelXml(Buffer.concat(chunks));
    const rows = new Map<string, SqlRow[]>();
    for (const part of reader.dataParts) {
      const table = parsed.model.tables.find((t) => t.schema === part.schema && t.name === part.table);
      if (!table) throw new Error(`No table for part ${part.name}`);
      const decoder = createRowDecoder(table.columns);
      const key = `${table.schema}.${table.name}`;
      const list = rows.get(key) ?? [];
      for await (const chunk of reader.openPart(part.entry)) list.push(...decoder.push(chunk));
      decoder.end();
      rows.set(key, list);
    }
    return { parsed, rows, partNames: reader.dataParts.map((p) => p.name) };
  } finally {
    await reader.close();
  }
}
