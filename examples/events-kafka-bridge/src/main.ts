import { BankWorkflow, readFlags, startBank } from '@cadenza/example-bank-transfer';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { startKafkaBridge } from './kafka-bridge';
import { cloudEventOfRecord } from './kafka-record';

/**
 * `npm start -w @cadenza/example-events-kafka-bridge [-- --topic name] [--types a,b] [--transfers N]`:
 * runs bank transfers on the in-memory transport, bridges the chosen events to a Kafka topic
 * (`CADENZA_KAFKA_BROKERS`, default 127.0.0.1:9092), reads them back and prints them.
 */
const main = async (): Promise<void> => {
  const flags = readFlags(process.argv.slice(2));
  const run = randomUUID().slice(0, 8);
  const topic = flags.get('topic') ?? `cadenza-bridge-demo-${run}`;
  const types = (flags.get('types') ?? 'io.cadenza.workflow').split(',');
  const transfers = Number(flags.get('transfers') ?? 3);
  if (!Number.isInteger(transfers) || transfers < 1) throw new Error(`--transfers: expected a whole number ≥ 1, got ${flags.get('transfers')}`);
  const config = { transport: { type: 'in-memory' as const }, history: { type: 'in-memory' as const }, namespace: `bridge-demo-${run}`, logLevel: 'error' as const, events: { publish: true } };
  const kafka = new Kafka({ clientId: 'cadenza-bridge-demo', brokers: (process.env.CADENZA_KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }); // false when it exists
  await admin.disconnect();
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `cadenza-bridge-demo-${run}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  const bank = await startBank(config, ['alice', 'bob']);
  let forwarded = 0;
  const bridge = await startKafkaBridge(config, { producer, topic, types, onForwarded: (n) => { forwarded += n; } });
  try {
    console.log(`bridging ${types.join(', ')} of namespace ${config.namespace} → Kafka topic ${topic}`);
    await Promise.all(Array.from({ length: transfers }, (_, i) => {
      const id = `wire-${run}-${i}`;
      return bank.client.newWorkflow(BankWorkflow, { id }).wire(id, 'alice', 'bob', 1);
    }));
    let read = 0;
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = cloudEventOfRecord(message);
        read++;
        console.log(`  key ${message.key?.toString()}  ${event.type.padEnd(30)} id ${event.id}`);
      },
    });
    // Done when everything forwarded was read back and nothing more was forwarded for a second.
    for (let waited = 0, quiet = 0, last = -1; quiet < 1_000 && waited < 20_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      quiet = read === forwarded && forwarded === last ? quiet + 100 : 0;
      last = forwarded;
    }
    console.log(`forwarded ${forwarded}, read back ${read}`);
    if (read === 0 || read < forwarded) process.exitCode = 1;
  } finally {
    await bridge.stop();
    await bank.stop();
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
