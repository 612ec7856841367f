import { Container } from 'inversify';
import { resolveAdapter } from '../config/adapter-registry';
import type { CadenzaConfig } from '../config/cadenza-config';
import type { HistoryStore } from '../ports/history-store.port';
import type { Transport } from '../ports/transport.port';
import { createEnvelopeSigner } from '../signing/envelope-signer';
import { signTransport } from '../signing/signed-transport';
import { createDefaultLogger } from '../support/default-logger';
import { TOKENS } from './tokens';

const IN_MEMORY = { type: 'in-memory' };
const DEFAULT_NAMESPACE = 'cadenza';

/**
 * An inversify container with the configured transport and history store bound to their tokens. Apps
 * that embed Cadenza can load more modules into it, or build their own container the same way. With
 * `config.signing`, the transport is wrapped by `signTransport` whatever the adapter: workers and clients
 * built from config sign what they send and refuse what is not validly signed.
 */
export const createContainer = (config: CadenzaConfig, parts: { transport: boolean; history: boolean }): Container => {
  const container = new Container();
  const context = { namespace: config.namespace ?? DEFAULT_NAMESPACE };
  if (parts.transport) {
    const raw = config.transport ?? IN_MEMORY;
    container.loadSync(resolveAdapter('transport', raw.type).module(raw, 'transport', context));
    if (config.signing) {
      const signer = createEnvelopeSigner(config.signing);
      const logger = createDefaultLogger(config.logLevel);
      container.onActivation<Transport>(TOKENS.Transport, (_context, transport) => signTransport(transport, signer, { logger }));
    }
  }
  if (parts.history) {
    const raw = config.history ?? IN_MEMORY;
    container.loadSync(resolveAdapter('history', raw.type).module(raw, 'history', context));
  }
  return container;
};

/** The bound transport; adapters may connect while they are created, so this is async. */
export const resolveTransport = (container: Container): Promise<Transport> => container.getAsync<Transport>(TOKENS.Transport);
/** The bound history store; adapters may connect while they are created, so this is async. */
export const resolveHistoryStore = (container: Container): Promise<HistoryStore> => container.getAsync<HistoryStore>(TOKENS.HistoryStore);
