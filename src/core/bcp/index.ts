/**
 * The DacFx-native BCP codec (spec §5): what export and verify import.
 *
 * Export, per table (columns = all model columns; computed ones are skipped here, rows hold the others):
 *   const parts = new TablePartWriter(table.columns, { table: '[dbo].[T]' });
 *   for each row: open entry `TableData-000-<parts.partIndex>` if this part has none yet (empty tables get no part);
 *                 if (parts.writeRow(row)) { entry.end(parts.takeChunk()); parts.nextPart(); }
 *                 else if (parts.bytesPending >= 64 KiB) entry.write(parts.takeChunk());
 *   at the end: if (parts.partRows > 0) entry.end(parts.takeChunk());
 * Verify, per part: createRowDecoder(columns).push(chunk) … end(), or decodeRows(wholePart).
 */
export type { SqlRow, SqlValue, SqlVariant } from './values';
export { createRowEncoder, type RowEncoder, type RowCodecOptions } from './rowEncoder';
export { createRowDecoder, type RowDecoder } from './rowDecoder';
export { TablePartWriter, splitIntoParts, bcpPartTargetBytes, type TablePartOptions } from './partWriter';
export { bcpPrefixWidth, bcpFixedWidth, bcpColumns } from './layout';
export { defaultVariantCollation } from './sqlVariantCodec';
