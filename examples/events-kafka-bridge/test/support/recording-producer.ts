import type { KafkaProducerPort } from '../../src/kafka-producer.port';

/** A producer double: records each `send`, or rejects it while `failure` is set. */
export class RecordingProducer implements KafkaProducerPort {
  readonly sent: Parameters<KafkaProducerPort['send']>[0][] = [];
  failure?: Error;

  async send(record: Parameters<KafkaProducerPort['send']>[0]): Promise<unknown> {
    if (this.failure) throw this.failure;
    this.sent.push(record);
    return [];
  }
}
