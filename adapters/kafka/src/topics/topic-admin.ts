import { TransportError } from '@cadenza/core';
import type { Admin } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { toTransportError } from '../support/to-transport-error';
import { checkKafkaTopic } from './topic-name';

/** Options of a {@link TopicAdmin}. */
export interface TopicAdminOptions {
  readonly partitions: number;
  readonly replicationFactor: number;
  /** How long to wait for a new topic's partitions to get leaders, in ms. */
  readonly operationTimeoutMs: number;
}

/** Errors that only mean "the broker has not caught up with the new topic yet". */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);
const POLL_MS = 50;

/**
 * Creates topics on demand, once per process per topic, with the configured partitions, and waits until
 * every partition has a leader. A topic that already exists (created by another process, or by hand with
 * other settings) is used as it is. The caller bounds the wait (`operationTimeoutMs`). A name Kafka would refuse
 * is refused first, with an `InvalidNameError` (not retriable), and nothing is sent to the broker.
 */
export class TopicAdmin {
  private readonly known = new Map<string, Promise<void>>();
  /** Creations run one at a time: kafkajs's `createTopics` first refreshes the metadata of every topic this
   *  admin has seen, and fails outright when one of them was created a moment ago and is not there yet. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly admin: Admin, private readonly options: TopicAdminOptions) {}

  ensure(topic: string): Promise<void> {
    let ready = this.known.get(topic);
    if (!ready) {
      try {
        checkKafkaTopic(topic);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      ready = this.queue.then(() => this.create(topic));
      this.queue = ready.catch(() => undefined);
      this.known.set(topic, ready);
      ready.catch(() => this.known.delete(topic));
    }
    return ready;
  }

  private async create(topic: string): Promise<void> {
    const deadline = Date.now() + this.options.operationTimeoutMs;
    for (;;) {
      try {
        await this.admin.createTopics({
          topics: [{ topic, numPartitions: this.options.partitions, replicationFactor: this.options.replicationFactor }],
        });
        break;
      } catch (error) {
        if (isAlreadyExists(error)) break;
        if (!NOT_YET.has((error as { type?: string }).type ?? '') || Date.now() > deadline) {
          throw toTransportError(`creating topic ${topic}`, error);
        }
      }
      await delay(POLL_MS);
    }
    // The broker's metadata can lag the controller for a moment after a create (KRaft): poll until ready.
    while (Date.now() < deadline) {
      try {
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
      } catch (error) {
        if (!NOT_YET.has((error as { type?: string }).type ?? '')) throw toTransportError(`creating topic ${topic}`, error);
      }
      await delay(POLL_MS);
    }
    throw new TransportError(`kafka: topic ${topic} has no leader for every partition after ${this.options.operationTimeoutMs} ms`, true);
  }
}

const isAlreadyExists = (error: unknown): boolean => {
  if ((error as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return true;
  const nested = (error as { errors?: Array<{ type?: string }> }).errors;
  return nested !== undefined && nested.length > 0 && nested.every((e) => e.type === 'TOPIC_ALREADY_EXISTS');
};
