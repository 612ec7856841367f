import { join } from 'node:path';

/**
 * The path of the e2e worker process (`node <it> workflows|services`, see worker-process.ts), for suites
 * in other packages that start and kill the same workers.
 */
export const workerProcessScript = join(__dirname, 'worker-process.js');
