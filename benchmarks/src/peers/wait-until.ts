/** Asks `check` every `everyMs` until it answers true; rejects with `what` after `timeoutMs`. */
export const waitUntil = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 200): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};

/** Whether a GET of `url` answers 2xx. */
export const answersOk = async (url: string): Promise<boolean> => (await fetch(url)).ok;

/** `promise`, or a rejection after `ms` if it has not settled by then. */
export const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
};
