/** Inversify wiring: `transport: { type: pulsar, serviceUrl }` binds `TOKENS.Transport` to a Pulsar transport. */
import { type AdapterDescriptor, type Logger, TOKENS, type Transport } from '@cadenza/core';
import { ContainerModule } from 'inversify';
import { createPulsarTransport } from './pulsar-transport';
import { resolvePulsarOptions } from './pulsar-transport.options';

/** Checks `raw` at once (a bad field throws ConfigError naming it); the transport is made on first resolve,
 *  with the container's `TOKENS.Logger` when one is bound. */
export const pulsarModule = (raw: unknown, at = 'transport'): ContainerModule => {
  const o = resolvePulsarOptions(raw, at);
  return new ContainerModule(({ bind }) => {
    bind<Transport>(TOKENS.Transport).toDynamicValue((context) => {
      const logger = context.get<Logger>(TOKENS.Logger, { optional: true });
      return createPulsarTransport(o, logger ? { logger } : {});
    }).inSingletonScope();
  });
};

/** Registry entry for `transport: { type: pulsar }`. */
export const pulsarTransportAdapter: AdapterDescriptor = { kind: 'transport', type: 'pulsar', module: pulsarModule };
