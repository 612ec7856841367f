import type { Logger } from '../ports/logger.port';
import type { ServiceDefinition } from '../workflow/service-definition';
import { type BatchOptions, type ResolvedBatch, resolveBatchSection } from './batch-options';
import { serviceMethodNames } from './service-method';

/** The `batch` section of a `registerService` checked against the service's methods: those of its definition and of its implementation. */
export const resolveServiceBatches = (
  definition: ServiceDefinition<unknown>, implementation: object, section: object | undefined,
): Readonly<Record<string, ResolvedBatch>> => {
  const declared = definition.methods as Readonly<Record<string, { readonly delegated?: boolean } | undefined>>;
  const methods = [...new Set([...Object.keys(declared), ...serviceMethodNames(implementation)])];
  const delegated = Object.keys(declared).filter((method) => declared[method]?.delegated === true);
  return resolveBatchSection(definition.serviceName, section as Readonly<Record<string, BatchOptions | undefined>> | undefined, methods, delegated);
};

/**
 * Warns of each batched method whose `maxMessages` is above the service's `concurrency`: a batch never holds
 * more tasks than are in flight, so such a batch never fills and always waits its `maxMs`.
 */
export const warnOfUnfillableBatches = (serviceName: string, batches: Readonly<Record<string, ResolvedBatch>>, concurrency: number, logger: Logger): void => {
  for (const [method, { maxMessages, maxMs }] of Object.entries(batches)) {
    if (maxMessages <= concurrency) continue;
    logger.warn({ service: serviceName, method, maxMessages, concurrency, maxMs },
      `${serviceName}.batch.${method}.maxMessages (${maxMessages}) is above the service's concurrency (${concurrency}): its batches hold at most ${concurrency} tasks and wait ${maxMs} ms each`);
  }
};
