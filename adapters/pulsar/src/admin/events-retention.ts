import type { Logger } from '@cadenza/core';
import { fullTopicName } from '../client/topic-name';
import { type PulsarEventsRetention, type PulsarRetentionRetry, pulsarRetentionRetryDefaults } from '../pulsar-transport.options';
import { type PulsarAdmin, PulsarAdminError } from './pulsar-admin';

/** `<namespace>.events`, as core's `createNames` makes it (a Cadenza namespace has no dot): a topic late listeners read. */
const EVENTS_TOPIC = /^[^./]+\.events$/;

export interface EventsRetentionDeps {
  readonly admin: () => PulsarAdmin;
  readonly retention: PulsarEventsRetention;
  readonly tenant: string;
  readonly namespace: string;
  readonly logger?: Logger;
  readonly retry?: PulsarRetentionRetry;
}

/** A failure worth trying again: the topic does not exist yet (404), the broker is busy (5xx), or no answer. */
const worthRetrying = (error: unknown): boolean =>
  error instanceof PulsarAdminError && (error.retriable || error.status === 404);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Sets the retention policy of each events topic the transport touches, once per topic (or once per Pulsar namespace
 * with `scope: 'namespace'`). `touch` never waits and never throws: the policy matters when Pulsar trims a closed
 * ledger, long after the first publish. A 404 (the first publish has not created the topic yet), a 5xx or no answer
 * is tried again with a doubling delay ({@link PulsarRetentionRetry}); a broker that refuses the policy (topic
 * policies disabled, no admin rights) or still fails after the last attempt is reported once as a warning rather
 * than failing the publish. `close` cuts the waits short and resolves once every call started has ended.
 */
export const eventsRetention = (deps: EventsRetentionDeps) => {
  const seen = new Set<string>();
  const running = new Set<Promise<void>>();
  const waits = new Set<() => void>();
  let closed = false;
  const { retention, tenant, namespace, logger } = deps;
  const retry = deps.retry ?? pulsarRetentionRetryDefaults;
  /** Waits `ms`, or less when `close` is called; false when closed. */
  const pause = (ms: number): Promise<boolean> => new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      waits.delete(done);
      resolve(!closed);
    };
    const timer = setTimeout(done, ms);
    waits.add(done);
  });
  const attempt = async (set: () => Promise<void>, where: string): Promise<void> => {
    for (let n = 1, delay = retry.firstDelayMs; ; n++, delay = Math.min(delay * 2, retry.maxDelayMs)) {
      try {
        await set();
        logger?.debug({ where, retention, attempts: n }, 'pulsar events retention set');
        return;
      } catch (error) {
        if (!worthRetrying(error) || n >= retry.attempts) {
          logger?.warn({ where, attempts: n, error: messageOf(error) },
            'pulsar events retention not set: late listeners reading from earliest may miss what Pulsar trimmed');
          return;
        }
        logger?.debug({ where, attempt: n, retryInMs: delay, error: messageOf(error) }, 'pulsar events retention failed, trying again');
        if (!(await pause(delay))) return;
      }
    }
  };
  const apply = (key: string, set: () => Promise<void>, where: string): void => {
    seen.add(key);
    const call = attempt(set, where).finally(() => running.delete(call));
    running.add(call);
  };
  return {
    touch(topic: string): void {
      if (closed || seen.has(topic)) return;
      seen.add(topic);
      if (retention.scope === 'none' || !EVENTS_TOPIC.test(topic.slice(topic.lastIndexOf('/') + 1))) return;
      const policy = { sizeMb: retention.sizeMb, timeMinutes: retention.timeMinutes };
      if (retention.scope === 'topic') {
        const full = fullTopicName(topic, tenant, namespace);
        apply(topic, () => deps.admin().setTopicRetention(full, policy), full);
        return;
      }
      const ns = `namespace ${tenant}/${namespace}`;
      if (!seen.has(ns)) apply(ns, () => deps.admin().setNamespaceRetention(tenant, namespace, policy), ns);
    },
    close: async (): Promise<void> => {
      closed = true;
      for (const wake of [...waits]) wake();
      await Promise.all([...running]);
    },
  };
};
