import { ConfigError } from '@cadenza/core';

/**
 * Thrown by `createEventListener` before it attaches, for options it cannot run with: a missing or invalid
 * `group`, a type filter that matches no catalogue type (with the nearest type as a hint), both or neither of
 * `on` and `onBatch`, a bad batch size, wait, retry delay or start position. Its `code` is `CONFIG`, like every
 * configuration error of Cadenza; `path` names the option, e.g. `options.filter.types.0`.
 */
export class EventListenerConfigError extends ConfigError {}
