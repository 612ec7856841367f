import { TimeoutError } from '@cadenza/core';

/**
 * Rejects with `TimeoutError` when `work` has not settled within `ms`. Some client calls carry no deadline
 * of their own (reads and batch appends run with an infinite one), so the store bounds every call here.
 * `onTimeout` lets the caller cancel what it started.
 */
export const withDeadline = <T>(work: Promise<T>, ms: number, what: string, onTimeout: () => void = () => undefined): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new TimeoutError(what, ms));
    }, ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
