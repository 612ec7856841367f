import type { Admin } from 'kafkajs';
import { toTransportError } from '../support/to-transport-error';

/** Options of a {@link TopicAdmin}. */
export interface TopicAdminOptions {
  readonly partitions: number;
  readonly replicationFactor: number;
}

/**
 * Creates topics on demand, once per process per topic, with the configured partitions. A topic that
 * already exists (created by another process, or by hand with other settings) is used as it is.
 */
export class TopicAdmin {
  private readonly known = new Map<string, Promise<void>>();

  constructor(private readonly admin: Admin, private readonly options: TopicAdminOptions) {}

  ensure(topic: string): Promise<void> {
    let ready = this.known.get(topic);
    if (!ready) {
      ready = this.create(topic);
      this.known.set(topic, ready);
      ready.catch(() => this.known.delete(topic));
    }
    return ready;
  }

  private async create(topic: string): Promise<void> {
    try {
      await this.admin.createTopics({
        topics: [{ topic, numPartitions: this.options.partitions, replicationFactor: this.options.replicationFactor }],
        waitForLeaders: true,
      });
    } catch (error) {
      if ((error as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return;
      const nested = (error as { errors?: Array<{ type?: string }> }).errors;
      if (nested?.every((e) => e.type === 'TOPIC_ALREADY_EXISTS')) return;
      throw toTransportError(`creating topic ${topic}`, error);
    }
  }
}
