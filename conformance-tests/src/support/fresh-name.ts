import { randomUUID } from 'node:crypto';

/** A name no other test (or earlier run on a shared broker) uses: `<prefix>-<pid>-<8 hex>`. */
export const freshName = (prefix: string): string => `${prefix}-${process.pid}-${randomUUID().slice(0, 8)}`;
