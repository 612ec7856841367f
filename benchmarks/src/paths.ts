import path from 'node:path';

/** The benchmarks package directory (this file runs from `dist/src/`). */
export const packageRoot = path.resolve(__dirname, '..', '..');

/** Where each setup's JSON lands, one file per setup. */
export const defaultResultsDir = path.join(packageRoot, 'results');
