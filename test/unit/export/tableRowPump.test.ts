import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection as TdsConnection, Request as TdsRequest } from 'tedious';
import type { SqlRow } from '../../../src/core/bcp/values';
import { BackupError } from '../../../src/core/errors';
import { planTableRead } from '../../../src/core/export/tableReader';
import { pumpTableRows, type ConnectionLender } from '../../../src/core/export/tableRowPump';
import type { TableModel } from '../../../src/core/model/types';

/**
 * The pump against a scripted connection: the test plays the driver (row events, pause, cancel, completion), so
 * the cases a real driver makes rare — a row arriving after pause(), a failure inside the consumer — are certain.
 */

const table: TableModel = {
  schema: 'dbo', name: 'T', columns: [
    { name: 'Id', type: { base: 'int' }, nullable: false },
    { name: 'Name', type: { base: 'nvarchar', length: 10 }, nullable: true },
  ],
} as TableModel;
const plan = planTableRead(table, { primaryKeys: [], uniqueConstraints: [], indexes: [] });

interface Script {
  lender: ConnectionLender;
  request: () => TdsRequest & { paused: boolean; canceled: boolean; callback: (err?: Error) => void };
  released: () => number;
  pauses: number;
}

function scripted(): Script {
  let current: Script['request'] extends () => infer R ? R : never;
  let released = 0;
  const script: Script = {
    pauses: 0,
    lender: {
      acquire: (_requester, callback) => {
        const connection = { execSql: (r: TdsRequest) => { current = r as typeof current; r.on('pause', () => script.pauses++); } } as unknown as TdsConnection;
        setImmediate(() => callback(undefined, connection));
      },
      release: () => { released++; },
    },
    request: () => current,
    released: () => released,
  };
  return script;
}

const row = (id: number, name: string | null) => [{ value: id }, { value: name }];
const until = async (condition: () => boolean) => { while (!condition()) await new Promise((r) => setImmediate(r)); };

test('a consumer promise pauses the driver; rows that still arrive wait and come in order; then it resumes', async () => {
  const s = scripted();
  const seen: SqlRow[] = [];
  let release: () => void = () => undefined;
  const pumping = pumpTableRows(s.lender, plan, (r) => {
    seen.push([...r]);
    if (r[0] === 2) return new Promise<void>((resolve) => { release = resolve; });
  });
  await until(() => s.request() !== undefined);
  const req = s.request();
  req.emit('row', row(1, 'a'));
  req.emit('row', row(2, 'b'));
  assert.equal(req.paused, true, 'paused while the consumer waits');
  req.emit('row', row(3, null));
  req.emit('row', row(4, 'd'));
  assert.deepEqual(seen.map((r) => r[0]), [1, 2], 'nothing delivered while waiting');
  release();
  await until(() => seen.length === 4);
  assert.equal(req.paused, false, 'resumed once the backlog is delivered');
  assert.deepEqual(seen, [[1, 'a'], [2, 'b'], [3, null], [4, 'd']]);
  req.callback();
  await pumping;
  assert.equal(s.released(), 1);
  assert.equal(s.pauses, 1);
});

test('a consumer that throws cancels the request; the pump rejects with that error once the driver is done', async () => {
  const s = scripted();
  const boom = new BackupError('invalid', 'Cannot encode a value.');
  let settled = false;
  const pumping = pumpTableRows(s.lender, plan, () => { throw boom; }).finally(() => { settled = true; });
  await until(() => s.request() !== undefined);
  const req = s.request();
  req.emit('row', row(1, 'a'));
  assert.equal(req.canceled, true);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(settled, false, 'waits for the driver to let go of the connection');
  req.callback(Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }));
  await assert.rejects(pumping, (e) => e === boom);
  assert.equal(s.released(), 1);
});

test('aborting cancels the request and rejects with a cancelled BackupError', async () => {
  const s = scripted();
  const controller = new AbortController();
  const pumping = pumpTableRows(s.lender, plan, () => undefined, { signal: controller.signal });
  await until(() => s.request() !== undefined);
  const req = s.request();
  req.emit('row', row(1, 'a'));
  controller.abort();
  assert.equal(req.canceled, true);
  req.emit('row', row(2, 'b'));
  req.callback(Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }));
  await assert.rejects(pumping, (e: unknown) => e instanceof BackupError && e.kind === 'cancelled' && e.message.includes('dbo.T'));
  assert.equal(s.released(), 1);
});

test('a server error ends the pump as a classified BackupError naming the table', async () => {
  const s = scripted();
  const pumping = pumpTableRows(s.lender, plan, () => undefined);
  await until(() => s.request() !== undefined);
  s.request().callback(Object.assign(new Error('Invalid object name \'dbo.T\'.'), { number: 208, code: 'EREQUEST' }));
  await assert.rejects(pumping, (e: unknown) => e instanceof BackupError && e.message.includes('dbo.T'));
  assert.equal(s.released(), 1);
});

test('a read that fails while the consumer waits ends only after the consumer’s wait settles', async () => {
  const s = scripted();
  const controller = new AbortController();
  let release: () => void = () => undefined;
  let ended = false;
  const pumping = pumpTableRows(s.lender, plan, () => new Promise<void>((resolve) => { release = resolve; }), { signal: controller.signal })
    .finally(() => { ended = true; });
  await until(() => s.request() !== undefined);
  const req = s.request();
  req.emit('row', row(1, 'a'));
  controller.abort();
  req.callback(Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(ended, false, 'the consumer is still writing its part');
  release();
  await assert.rejects(pumping, (e: unknown) => e instanceof BackupError && e.kind === 'cancelled');
  assert.equal(s.released(), 1);
});

test('a consumer wait that fails ends the pump with its error', async () => {
  const s = scripted();
  const broken = new BackupError('io', 'The disk is full.');
  const pumping = pumpTableRows(s.lender, plan, () => Promise.reject(broken));
  await until(() => s.request() !== undefined);
  const req = s.request();
  req.emit('row', row(1, 'a'));
  await new Promise((r) => setImmediate(r));
  assert.equal(req.canceled, true);
  req.callback(Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }));
  await assert.rejects(pumping, (e) => e === broken);
});

test('a consumer’s own error keeps its message: only what the driver reports is classified as a database error', async () => {
  const s = scripted();
  const bug = new TypeError('values is not iterable');
  const pumping = pumpTableRows(s.lender, plan, () => { throw bug; });
  await until(() => s.request() !== undefined);
  const req = s.request();
  req.emit('row', row(1, 'a'));
  req.callback(Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }));
  await assert.rejects(pumping, (e) => e === bug);
});
