/** Inversify wiring: `transport: { type: pulsar, serviceUrl }` binds `TOKENS.Transport` to a Pulsar transport. */
import { type AdapterDescriptor, TOKENS, type Transport } from '@cadenza/core';
import { ContainerModule } from 'inversify';
import { createPulsarTransport } from './pulsar-transport';
import { resolvePulsarOptions } from './pulsar-transport.options';

/** Checks `raw` at once (a bad field throws ConfigError naming it); the transport is made on first resolve. */
export const pulsarModule = (raw: unknown, at = 'transport'): ContainerModule => {
  const o = resolvePulsarOptions(raw, at);
  return new ContainerModule(({ bind }) => {
    bind<Transport>(TOKENS.Transport).toDynamicValue(() => createPulsarTransport(o)).inSingletonScope();
  });
};

/** Registry entry for `transport: { type: pulsar }`. */
export const pulsarTransportAdapter: AdapterDescriptor = { kind: 'transport', type: 'pulsar', module: pulsarModule };
