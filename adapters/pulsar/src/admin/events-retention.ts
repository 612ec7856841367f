import type { Logger } from '@cadenza/core';
import { fullTopicName } from '../client/topic-name';
import type { PulsarEventsRetention } from '../pulsar-transport.options';
import type { PulsarAdmin } from './pulsar-admin';

/** `<namespace>.events`, as core's `createNames` makes it (a Cadenza namespace has no dot): a topic late listeners read. */
const EVENTS_TOPIC = /^[^./]+\.events$/;

export interface EventsRetentionDeps {
  readonly admin: () => PulsarAdmin;
  readonly retention: PulsarEventsRetention;
  readonly tenant: string;
  readonly namespace: string;
  readonly logger?: Logger;
}

/**
 * Sets the retention policy of each events topic the transport touches, once per topic (or once per Pulsar namespace
 * with `scope: 'namespace'`). `touch` never waits and never throws: the policy matters when Pulsar trims a closed
 * ledger, long after the first publish, and a broker that refuses it (topic policies disabled, no admin rights) is
 * reported as a warning rather than failing the publish. `settled` resolves once every call started has ended.
 */
export const eventsRetention = (deps: EventsRetentionDeps) => {
  const seen = new Set<string>();
  const running = new Set<Promise<void>>();
  const { retention, tenant, namespace, logger } = deps;
  const apply = (key: string, set: () => Promise<void>, where: string): void => {
    seen.add(key);
    const call = set()
      .then(() => logger?.debug({ where, retention }, 'pulsar events retention set'))
      .catch((error: unknown) => logger?.warn({ where, error: error instanceof Error ? error.message : String(error) },
        'pulsar events retention not set: late listeners reading from earliest may miss what Pulsar trimmed'))
      .finally(() => running.delete(call));
    running.add(call);
  };
  return {
    touch(topic: string): void {
      if (seen.has(topic)) return;
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
    settled: async (): Promise<void> => {
      await Promise.all([...running]);
    },
  };
};
