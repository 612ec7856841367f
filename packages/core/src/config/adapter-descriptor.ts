import type { ContainerModule } from 'inversify';

/**
 * What an adapter package exports so config can select it: the config `type` it answers to and a module
 * factory that validates its own options (throwing `ConfigError` naming the field) and binds its token.
 */
export interface AdapterDescriptor {
  readonly kind: 'transport' | 'history';
  readonly type: string;
  module(raw: unknown, at: string): ContainerModule;
}
