/**
 * Makes the broker refuse every fetch of chosen topics with TOPIC_AUTHORIZATION_FAILED, as a broker does
 * once an ACL no longer lets the consumer read. kafkajs treats that error as non-retriable: its consumer
 * crashes with `restart: false` and stays stopped, which is how a real consumer dies on its own. The refusal
 * is made inside kafkajs's `Broker.fetch` (kafkajs 2.2.4, its last release), so everything above it (the
 * fetch manager, the runner, the crash handling) is kafkajs's own.
 */
interface FetchRequest {
  readonly topics?: ReadonlyArray<{ readonly topic: string }>;
}

const refused = new Set<string>();
let installed = false;

const install = (): void => {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no Broker type or entry
  const Broker = require('kafkajs/src/broker') as { prototype: { fetch(request: FetchRequest): Promise<unknown> } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the protocol error kafkajs itself would decode
  const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode(code: number): object };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const { KafkaJSProtocolError } = require('kafkajs/src/errors') as { KafkaJSProtocolError: new (e: object) => Error };
  const fetch = Broker.prototype.fetch;
  Broker.prototype.fetch = async function (this: unknown, request: FetchRequest) {
    if (request.topics?.some(({ topic }) => refused.has(topic))) throw new KafkaJSProtocolError(createErrorFromCode(TOPIC_AUTHORIZATION_FAILED));
    return fetch.call(this, request);
  };
};

/** Kafka's error code for "not authorized to access topics". */
const TOPIC_AUTHORIZATION_FAILED = 29;

/** From now on every fetch of `topic` in this process is refused as unauthorized; returns a function that lifts it. */
export const refuseFetches = (topic: string): (() => void) => {
  install();
  refused.add(topic);
  return () => refused.delete(topic);
};
