/**
 * Opening a pool with Azure SQL's retry guidance: transient errors (busy, failover), timeouts and connection
 * resets are retried after 5 s, doubling up to 60 s, a bounded number of times, each retry logged; the wait is
 * cancellable.
 */
import * as mssql from 'mssql';
import { BackupError } from '../errors';
import { classifySqlError, isRetryableBackupError } from './classifySqlError';
import { toMssqlConfig } from './mssqlConfig';
import type { ConnectionSettings } from './types';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
}

export const defaultRetryPolicy: RetryPolicy = { firstDelayMs: 5_000, maxDelayMs: 60_000, maxRetries: 5 };

export interface ConnectOptions {
  signal?: AbortSignal;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  sleep?: Sleep;
  retry?: Partial<RetryPolicy>;
  /** Pool size (parallel export). */
  poolMax?: number;
  /**
   * Retry connect timeouts too (default true). Test Connection turns it off: someone is waiting for the answer,
   * and a wrong or blocked address would otherwise take minutes to report.
   */
  retryTimeouts?: boolean;
  /** Allow the master database (the restore's server-level connection). */
  allowMaster?: boolean;
  /** Replaces the real pool opening, for tests of the retry loop. */
  open?: (config: mssql.config) => Promise<mssql.ConnectionPool>;
}

function cancelledError(): BackupError {
  return new BackupError('cancelled', 'Cancelled while connecting.', { hint: 'Start again when you are ready.' });
}

/** A timer that rejects with a 'cancelled' BackupError when the signal fires. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The delay before retry number `retry` (1-based). */
export function retryDelayMs(retry: number, policy: RetryPolicy = defaultRetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (retry - 1));
}

async function openPool(config: mssql.config): Promise<mssql.ConnectionPool> {
  const pool = new mssql.ConnectionPool(config);
  // A pool emits 'error' for connection failures after connect; unhandled it would crash the process.
  pool.on('error', () => undefined);
  try {
    await pool.connect();
    return pool;
  } catch (err) {
    await pool.close().catch(() => undefined);
    throw err;
  }
}

/** Opens an mssql pool to the settings' database, retrying transient failures; throws classified BackupErrors. */
export async function connectWithRetry(settings: ConnectionSettings, options: ConnectOptions = {}): Promise<mssql.ConnectionPool> {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const sleep = options.sleep ?? abortableSleep;
  const open = options.open ?? openPool;
  const { signal, log } = options;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw cancelledError();
    let loginErrorNumber: number | undefined;
    const config = toMssqlConfig(settings, {
      poolMax: options.poolMax,
      allowMaster: options.allowMaster,
      beforeConnect: (conn) => {
        conn.on('errorMessage', (token: { number?: number }) => {
          if (typeof token.number === 'number') loginErrorNumber = token.number;
        });
      },
    });
    try {
      const pending = open(config);
      if (!signal) return await pending;
      // Abandon (and close) a pool that finishes connecting after the user cancelled.
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(cancelledError());
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return await Promise.race([pending, aborted]);
      } catch (err) {
        pending.then((pool) => pool.close(), () => undefined).catch(() => undefined);
        throw err;
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
    } catch (err) {
      const error = classifySqlError(err, {
        action: 'connecting to', server: settings.server, database: settings.database, user: settings.user,
        password: settings.password, serverErrorNumber: loginErrorNumber,
      });
      const retryable = isRetryableBackupError(error) && (options.retryTimeouts !== false || error.kind !== 'timeout');
      if (!retryable || attempt >= policy.maxRetries) throw error;
      const delay = retryDelayMs(attempt + 1, policy);
      log?.('warn', `${error.message} Retrying in ${Math.round(delay / 1000)} s (retry ${attempt + 1} of ${policy.maxRetries}).`);
      try {
        await sleep(delay, signal);
      } catch (err) {
        if (signal?.aborted) throw cancelledError();
        throw err;
      }
    }
  }
}
