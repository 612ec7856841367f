import { type AdapterContext, type AdapterDescriptor, TOKENS, type Transport } from '@cadenza/core';
import { ContainerModule } from 'inversify';
import { createKafkaTransport } from './create-kafka-transport';
import { resolveKafkaOptions } from './kafka-transport.options';

/**
 * Binds `TOKENS.Transport` to a Kafka transport built from `raw` (validated now, so bad config fails at
 * start-up with the field's path). The transport connects when first resolved: use `container.getAsync`. With a
 * `context`, the delay topics and forwarder group default to the config's namespace (`<ns>.delay`).
 */
export const kafkaModule = (raw: unknown, at = 'transport', context?: AdapterContext): ContainerModule => {
  const options = resolveKafkaOptions(raw, at, context?.namespace);
  return new ContainerModule(({ bind }) => {
    bind<Transport>(TOKENS.Transport).toDynamicValue(() => createKafkaTransport(options)).inSingletonScope();
  });
};

/** Registry entry: `transport: { type: kafka, brokers: [...] }`. */
export const kafkaTransportAdapter: AdapterDescriptor = { kind: 'transport', type: 'kafka', module: kafkaModule };
