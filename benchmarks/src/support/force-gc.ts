/** Whether the process runs with `--expose-gc`, which the memory figures need. */
export const canForceGc = (): boolean => typeof globalThis.gc === 'function';

/**
 * Collects garbage until the heap stops shrinking (a few full collections, with the event loop turning in
 * between so finalizers and weak references settle), then returns `heapUsed`.
 */
export const settledHeapUsed = async (): Promise<number> => {
  const gc = globalThis.gc;
  if (!gc) throw new Error('memory figures need --expose-gc (npm run bench passes it)');
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 6; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const used = process.memoryUsage().heapUsed;
    if (used >= previous * 0.999) return used;
    previous = used;
  }
  return process.memoryUsage().heapUsed;
};
