import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBackup } from '../../../src/core/export/runBackup';
import { runRestore } from '../../../src/core/restore';
import { createRichSchemaDatabase } from '../../support/databases/richSchema';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { startRestoreTarget } from '../../support/tds/database/restoreTargetServer';

// A bulk load is a long run of client packets with no answer until its end; with Nagle's algorithm on (tedious's
// default) every packet smaller than a TCP segment waits for the server's delayed ACK. The restore turns it off on
// the connections it bulk loads through, as SqlClient does for every socket.

test('the bulk load sends its packets with TCP_NODELAY on the client socket', async () => {
  const source = createRichSchemaDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'restore-nodelay-'));
  const served = await serveDatabase(source);
  let bacpac: string;
  try {
    bacpac = (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: 'rich.bacpac', compression: 'fast' })).path;
  } finally {
    await served.close();
  }
  const target = await startRestoreTarget({ model: source.model });
  const original = Socket.prototype.setNoDelay;
  const clientSockets = new Set<Socket>();
  Socket.prototype.setNoDelay = function (this: Socket, noDelay?: boolean) {
    // Client sockets to the target only (the double sets it on its own, server-side sockets too).
    if (noDelay !== false && this.remotePort === target.server.port) clientSockets.add(this);
    return original.call(this, noDelay);
  };
  try {
    const result = await runRestore({ packagePath: bacpac, target: target.settings('Copy') });
    assert.ok(result.totalRows > 0);
    assert.ok(clientSockets.size > 0, 'no client connection to the target had TCP_NODELAY set');
  } finally {
    Socket.prototype.setNoDelay = original;
    await target.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
