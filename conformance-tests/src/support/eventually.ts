import { setTimeout as delay } from 'node:timers/promises';

/**
 * Retries `check` until it stops throwing; after `timeoutMs` its last error becomes the test's failure.
 * For waiting on a condition, never on a fixed time.
 */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 10_000, everyMs = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await delay(everyMs);
  }
}
