/**
 * Resolves after every microtask queued so far has run: workflow code continues on microtasks only, so
 * after this it has either finished or is waiting on a step the engine has not answered yet.
 */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
