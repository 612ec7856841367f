import type { ContainerModule } from 'inversify';

/**
 * What an adapter package exports so config can select it: the config `type` it answers to and a module
 * factory that validates its own options (throwing `ConfigError` naming the field) and binds its token.
 */
export interface AdapterDescriptor {
  readonly kind: 'transport' | 'history';
  readonly type: string;
  /** `context` says what the rest of the config chose that an adapter may derive defaults from. */
  module(raw: unknown, at: string, context?: AdapterContext): ContainerModule;
}

/** What an adapter module is told besides its own options. */
export interface AdapterContext {
  /** The config's `namespace` (`cadenza` when it gives none): an adapter's own topics (Kafka's delay topics) are per namespace. */
  readonly namespace: string;
}
