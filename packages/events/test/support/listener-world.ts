import { createNames } from '@cadenza/core';
import { createInMemoryTransport, InMemoryBroker, type InMemoryTransport } from '@cadenza/in-memory';
import { createListener } from '../../src/create-listener';
import type { EventListener } from '../../src/event-listener';
import type { EventListenerOptions } from '../../src/event-listener.options';
import { eventsEnvelope, type FakeEvent, fakeCatalogue, recordingLogger } from './fake-catalogue';

let worlds = 0;

/** One test's broker and namespace, with listeners on the fake catalogue that are stopped at the end. */
export class ListenerWorld {
  readonly namespace = `events-test-${process.pid}-${worlds++}`;
  readonly names = createNames(this.namespace);
  readonly broker = new InMemoryBroker();
  readonly logger = recordingLogger();
  private readonly listeners: EventListener[] = [];
  private readonly transports: InMemoryTransport[] = [];
  private readonly publisher = this.transport();

  transport(): InMemoryTransport {
    const transport = createInMemoryTransport({ broker: this.broker });
    this.transports.push(transport);
    return transport;
  }

  /** Publishes `events` of workflow instance `workflowId` to the events topic, keyed by the instance. */
  async publish(workflowId: string, ...events: FakeEvent[]): Promise<void> {
    await this.publisher.publish(this.names.eventsTopic(), eventsEnvelope(workflowId, events), { key: workflowId });
  }

  async listen(options: Omit<EventListenerOptions, 'group'> & { group?: string }, transport = this.transport()): Promise<EventListener> {
    const listener = await createListener({ namespace: this.namespace }, { group: 'test', logger: this.logger, transport, ...options }, fakeCatalogue);
    this.listeners.push(listener);
    return listener;
  }

  async close(): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.stop()));
    await Promise.all(this.transports.map((t) => t.close()));
    this.broker.shutdown();
  }
}
