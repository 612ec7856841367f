import { ConfigError } from '@cadenza/core';
import { expect } from 'chai';
import type { Admin } from 'kafkajs';
import { KAFKA_RECORD_OVERHEAD_BYTES } from '../src';
import { checkMaxMessageBytes } from '../src/topics/broker-limits';
import { silentLogger } from '../src/support/kafka-logger';

const adminWith = (messageMaxBytes: string | Error): Admin => ({
  describeCluster: async () => ({ brokers: [{ nodeId: 1, host: 'h', port: 9092 }], controller: 1, clusterId: 'c' }),
  describeConfigs: async () => {
    if (messageMaxBytes instanceof Error) throw messageMaxBytes;
    return { throttleTime: 0, resources: [{ resourceType: 4, resourceName: '1', errorCode: 0, errorMessage: null,
      configEntries: [{ configName: 'message.max.bytes', configValue: messageMaxBytes, readOnly: false, isDefault: true, configSource: 5, isSensitive: false }] }] };
  },
}) as unknown as Admin;

const rejectionOf = (p: Promise<void>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

describe('topics/broker-limits', () => {
  it('takes a maxMessageBytes up to the broker\'s message.max.bytes less the record overhead', async () => {
    expect(await rejectionOf(checkMaxMessageBytes(adminWith('1048588'), 1_048_588 - KAFKA_RECORD_OVERHEAD_BYTES, silentLogger))).to.equal(undefined);
  });

  it('refuses one byte more with a ConfigError naming the field and the broker\'s limit', async () => {
    const error = await rejectionOf(checkMaxMessageBytes(adminWith('1048588'), 1_048_588 - KAFKA_RECORD_OVERHEAD_BYTES + 1, silentLogger));
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).message).to.match(/^invalid config at transport\.maxMessageBytes: expected at most 1044492 \(the broker's message\.max\.bytes is 1048588/);
  });

  it('logs and does not check when the broker does not let it read its config', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_: object, message?: string) => void warnings.push(message ?? '') };
    expect(await rejectionOf(checkMaxMessageBytes(adminWith(new Error('CLUSTER_AUTHORIZATION_FAILED')), 5_000_000, logger))).to.equal(undefined);
    expect(warnings).to.have.length(1);
  });
});
