import type { Logger } from '@cadenza/core';

/** A logger that drops everything: logging is not what the benchmarks measure. */
export const quietLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return quietLogger;
  },
};
