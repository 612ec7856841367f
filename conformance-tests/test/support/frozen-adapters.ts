import type { DeliveryHandler, Envelope, HistoryStore, NewEvent, Transport } from '@cadenza/core';

/** Freezes a value and everything in it, so that any later change to it throws a TypeError (modules are strict). */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
};

/** What a change to a frozen object throws: "Cannot assign to read only property", "object is not extensible", ... */
const isFrozenWrite = (error: unknown): error is TypeError =>
  error instanceof TypeError && /read only|not extensible|Cannot (add|assign|delete|define|redefine)/.test(error.message);

/**
 * Wraps the adapters of a worker or client so that breaking "envelopes and events are values" throws where it
 * happens, and is recorded in `violations`: every published envelope is frozen as it is handed over (the
 * publisher may not change it afterwards), every envelope handed to a `readOnly` handler is frozen (it may not
 * change what it was handed, which other groups and redeliveries share), and every event appended to or read
 * from the store, and every outcome kept by `delete`, is frozen.
 */
export const freezing = () => {
  const violations: string[] = [];
  const record = (where: string, error: unknown): never => {
    if (isFrozenWrite(error)) violations.push(`${where}: ${error.message}`);
    throw error;
  };
  const transport = (inner: Transport): Transport => ({
    ...inner,
    capabilities: inner.capabilities,
    publish: async (topic: string, envelope: Envelope, options) => inner.publish(topic, deepFreeze(envelope), options),
    subscribe: async (topic, group, handle, options) => {
      const guarded: DeliveryHandler = async (delivery) => {
        try {
          await handle(options.readOnly ? deepFreeze(delivery) : delivery);
        } catch (error) {
          record(`a ${delivery.envelope.message.kind} handled by ${group} on ${topic}`, error);
        }
      };
      return inner.subscribe(topic, group, guarded, options);
    },
    close: () => inner.close(),
  });
  const history = (inner: HistoryStore): HistoryStore => ({
    ...inner,
    append: async (stream: string, events: readonly NewEvent[], expected, options) => inner.append(stream, deepFreeze(events), expected, options),
    read: async (stream, options) => deepFreeze(await inner.read(stream, options)),
    delete: async (stream, kept, options) => inner.delete(stream, kept === undefined ? undefined : deepFreeze(kept), options),
  });
  return { violations, transport, history };
};
