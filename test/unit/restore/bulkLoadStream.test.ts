import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRowEncoder } from '../../../src/core/bcp';
import { BcpToTdsRows } from '../../../src/core/restore/bulk/bcpToTdsRows';
import { bulkColMetadata, bulkDoneToken, planBulkTable } from '../../../src/core/restore/bulk/bulkColumns';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { bulkLoadStream } from '../../support/tds/bulkLoadMessage';
import { decodeTokens } from '../../support/tds/typeDecoders';

// The TDS double decodes a bulk load as its packets arrive (so the benchmark measures a client and a server that
// work at the same time); cut anywhere, the rows must be the ones the whole message decodes to.

const collation = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

function messages() {
  const db = createAllTypesDatabase({ rowsPerTable: 30 });
  return db.model.tables.map((table) => {
    const plan = planBulkTable(table);
    const encoder = createRowEncoder(table.columns);
    for (const row of db.rows(table)) encoder.encode(row);
    const transcoder = new BcpToTdsRows(plan);
    transcoder.push(encoder.takeChunk());
    transcoder.end();
    return { name: table.name, message: Buffer.concat([bulkColMetadata(plan, collation), transcoder.out.take(), bulkDoneToken()]) };
  });
}

function feed(message: Buffer, packet: number, keepRows = true) {
  const stream = bulkLoadStream(keepRows);
  for (let at = 0; at < message.length; at += packet) stream.push(message.subarray(at, at + packet));
  return stream.end();
}

test('rows decoded packet by packet equal the rows of the whole message, for every all-types table', () => {
  for (const { name, message } of messages()) {
    const whole = decodeTokens(message).resultSets[0];
    for (const packet of [1, 5, 4088, message.length]) {
      const streamed = feed(message, packet);
      assert.deepEqual(streamed.rows, whole.rows, `${name} in packets of ${packet}`);
      assert.equal(streamed.rowCount, whole.rows.length);
      assert.deepEqual(streamed.columns.map((c) => c.name), whole.columns.map((c) => c.name));
    }
  }
});

test("in 'count' mode the rows are counted and none is kept", () => {
  const { message } = messages()[0];
  const counted = feed(message, 100, false);
  assert.equal(counted.rows.length, 0);
  assert.equal(counted.rowCount, decodeTokens(message).resultSets[0].rows.length);
  assert.ok(counted.rowCount > 0);
});

test('a message cut inside a row, or holding a token a bulk load never has, is an error at its end', () => {
  const { message } = messages()[0];
  assert.throws(() => feed(message.subarray(0, message.length - 20), 64), /ends inside a token/);
  assert.throws(() => feed(Buffer.concat([message.subarray(0, message.length - 13), Buffer.from([0xe3, 0, 0])]), 64), /unexpected token 0xe3/);
  const twoDones = Buffer.concat([message, bulkDoneToken()]);
  assert.throws(() => feed(twoDones, 64), /at most one DONE/);
});
