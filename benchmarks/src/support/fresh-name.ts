import { randomUUID } from 'node:crypto';

/** A name no other run uses (pid plus random), in `[a-z0-9_-]`, for namespaces, schemas and topics. */
export const freshName = (prefix: string, separator = '-'): string =>
  [prefix, process.pid, randomUUID().slice(0, 8)].join(separator);
