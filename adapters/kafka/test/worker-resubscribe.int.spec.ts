import { eventually, Flaky, flakyService, flakyState, freshName, SequenceWorkflow } from '@cadenza/conformance';
import { createClient, createWorker, type Logger } from '@cadenza/core';
import { createInMemoryHistoryStore } from '@cadenza/in-memory';
import { expect } from 'chai';
import { createTestTransport, useKafkaBroker } from './support/kafka-broker';
import { refuseFetches } from './support/refused-fetches';

useKafkaBroker();

/** A logger that keeps every message with its level. */
const recordingLogger = () => {
  const lines: string[] = [];
  const at = (level: string) => (_fields: object, message?: string) => void lines.push(`${level}: ${message ?? ''}`);
  const logger: Logger = { debug: () => undefined, info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return { logger, lines };
};

describe('Kafka: a worker whose consumer dies', function () {
  this.timeout(120_000);

  it('logs it, subscribes again and finishes the workflows', async () => {
    const namespace = freshName('resub');
    const { logger, lines } = recordingLogger();
    const transport = await createTestTransport();
    const clientTransport = await createTestTransport({ runDelayForwarder: false });
    const worker = createWorker({ transport, history: createInMemoryHistoryStore(), namespace, logger, reconnect: { initialDelayMs: 100 } })
      .registerWorkflow(SequenceWorkflow)
      .registerService(Flaky, flakyService(flakyState()));
    const client = createClient({ transport: clientTransport, namespace, logger });
    try {
      await worker.start();
      const run = (id: string) => client.dispatch(client.newWorkflow(SequenceWorkflow, { id }).run, [`${id}-a`, `${id}-b`]);
      expect(await (await run('before')).result()).to.deep.equal(['before-a:done', 'before-b:done']);

      // The broker refuses the service consumer's fetches as unauthorized: kafkajs stops it for good.
      const lift = refuseFetches(`${namespace}.service.Flaky`);
      await eventually(() => expect(lines).to.include('error: subscription failed; subscribing again'), { timeoutMs: 60_000 });
      lift();

      expect(await (await run('after')).result()).to.deep.equal(['after-a:done', 'after-b:done']);
      expect(lines).to.not.include('error: worker is fatal: it stopped consuming and closed its adapters');
    } finally {
      await client.close();
      await worker.stop();
      await Promise.all([transport.close(), clientTransport.close()]);
    }
    expect(await worker.stopped).to.deep.equal({ cause: 'stopped' });
  });
});
