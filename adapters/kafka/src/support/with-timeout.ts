import { TimeoutError } from '@cadenza/core';

/** Resolves or rejects as `operation` does, or rejects with a `TimeoutError` after `timeoutMs`. */
export const withTimeout = async <T>(what: string, timeoutMs: number, operation: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([operation, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
