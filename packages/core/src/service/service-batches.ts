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
