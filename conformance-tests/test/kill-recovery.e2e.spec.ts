import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describeKillRecovery } from '../src';

const infra = join(__dirname, '../../../infra');
const sh = (script: string) => async () => {
  execFileSync('bash', [join(infra, script)], { stdio: 'inherit', timeout: 240_000 });
};
const postgres = { type: 'postgres', connectionString: process.env.CADENZA_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', tablePrefix: 'e2e_' };

describeKillRecovery({
  name: 'kafka + postgres',
  transport: { type: 'kafka', brokers: [process.env.CADENZA_KAFKA_BROKERS ?? '127.0.0.1:9092'] },
  history: postgres,
  restartBroker: sh('kafka/restart.sh'),
});

describeKillRecovery({
  name: 'pulsar + postgres',
  transport: { type: 'pulsar', serviceUrl: process.env.CADENZA_PULSAR_URL ?? 'pulsar://127.0.0.1:6650' },
  history: postgres,
  restartBroker: async () => {
    await sh('pulsar/stop.sh')();
    await sh('pulsar/start.sh')();
  },
});
