/**
 * `Promise.withResolvers` (ES2024, Node 22) for Node 20, which the Restate SDK calls on every invocation; the
 * repository runs on Node ≥ 20. The standard's semantics: a new promise and the functions that settle it.
 */
export const installPromiseWithResolvers = (): void => {
  const ctor = Promise as unknown as { withResolvers?: unknown };
  if (typeof ctor.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
};
