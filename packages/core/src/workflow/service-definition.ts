import type * as t from 'io-ts';

/** Optional runtime codecs of one method: its arguments as a tuple, and its result; and how its tasks complete. */
export interface MethodCodecs {
  readonly args?: t.Decoder<unknown, unknown>;
  readonly result?: t.Decoder<unknown, unknown>;
  /**
   * A delegated method does not complete when its function returns: the function starts the work (its task
   * context's `taskId` is then a delegated task id), and the task completes later, from anywhere, through
   * `client.completeDelegatedTask(service, taskId, result)` or `client.failDelegatedTask(...)`. What the
   * function returns is ignored; a throw is an attempt that failed, retried by the policy as usual.
   * @default false
   */
  readonly delegated?: boolean;
}

/** A named service interface `S`: what workflows call and service workers implement. */
export interface ServiceDefinition<S> {
  readonly serviceName: string;
  readonly methods: { readonly [K in keyof S]?: MethodCodecs };
  /** Type-level only: carries `S`. */
  readonly __service?: S;
}

/**
 * Declares a service by name. Codecs are optional; a method with an `args` codec refuses wrong arguments
 * at dispatch with an `InvalidArgumentsError`, and its worker refuses them too.
 *
 * @example
 * export const BankService = defineService<BankService>('BankService', {
 *   withdraw: { args: t.tuple([t.string, t.string, t.number]) },
 * });
 */
export const defineService = <S>(serviceName: string, methods: { readonly [K in keyof S]?: MethodCodecs } = {}): ServiceDefinition<S> => {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(serviceName)) throw new RangeError(`service name ${JSON.stringify(serviceName)} must match [A-Za-z][A-Za-z0-9_-]*`);
  return { serviceName, methods };
};

/** The methods of `S`, each returning a Promise or a value. */
export type ServiceImplementation<S> = { [K in keyof S]: S[K] extends (...args: infer A) => infer R ? (...args: A) => R | Promise<Awaited<R>> : never };
