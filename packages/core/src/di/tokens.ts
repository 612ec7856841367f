/** Inversify service identifiers: adapters bind these, the core resolves them and never imports an adapter. */
export const TOKENS = {
  Transport: Symbol.for('cadenza.Transport'),
  HistoryStore: Symbol.for('cadenza.HistoryStore'),
  Clock: Symbol.for('cadenza.Clock'),
  Logger: Symbol.for('cadenza.Logger'),
} as const;
