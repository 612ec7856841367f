import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describeKillRecovery } from '../src';
import { privateKafkaBroker } from './support/private-kafka-broker';

const infra = join(__dirname, '../../../infra');
const sh = (script: string) => async () => {
  execFileSync('bash', [join(infra, script)], { stdio: 'inherit', timeout: 240_000 });
};
const postgres = { type: 'postgres', connectionString: process.env.CADENZA_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', tablePrefix: 'e2e_' };

/** The Kafka case restarts its broker, so it runs on one of its own, never on the shared one on 9092. */
const kafka = privateKafkaBroker(19192, 'kafka-kill-recovery-test');
describe('on a private Kafka broker', function () {
  this.timeout(240_000);
  before(() => kafka.start());
  after(() => kafka.remove());
  describeKillRecovery({
    name: 'kafka + postgres',
    transport: { type: 'kafka', brokers: [kafka.address] },
    history: postgres,
    restartBroker: () => kafka.restart(),
  });
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
