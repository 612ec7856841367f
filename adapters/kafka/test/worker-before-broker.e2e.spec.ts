import { eventually, freshName, workerProcessScript } from '@cadenza/conformance';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKafka } from './support/private-broker';

/** A broker of its own (in this helper's range), started only after the worker. */
const PORT = 19730;
const broker = privateKafka(PORT, 'kafka-late-broker-test');

describe('Kafka: a worker started while its broker is down', function () {
  this.timeout(300_000);
  after(() => broker.remove());

  it('does not exit: it logs each connect attempt, and runs once the broker is up', async () => {
    const config = {
      namespace: freshName('late'),
      logLevel: 'warn',
      transport: { type: 'kafka', brokers: [broker.address], partitions: 2, operationTimeoutMs: 3_000, connectionTimeoutMs: 500 },
      history: { type: 'in-memory' },
    };
    const ledger = join(mkdtempSync(join(tmpdir(), 'cadenza-late-')), 'ledger');
    const child = spawn(process.execPath, [workerProcessScript, 'services'], {
      env: { ...process.env, CADENZA_E2E_CONFIG: JSON.stringify(config), CADENZA_E2E_LEDGER: ledger },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let exit: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code, signal) => (exit = `${code ?? signal}`));
    try {
      const attempts = () => stderr.split('\n').filter((line) => line.includes('connecting the worker failed; trying again'));
      await eventually(() => expect(attempts().length, stderr.slice(-2_000)).to.be.at.least(2), { timeoutMs: 60_000 });
      expect(exit, 'the worker exited while the broker was down').to.equal(undefined);
      expect(attempts()[0]).to.contain(`127.0.0.1:${PORT}`);

      await broker.start();
      await eventually(() => expect(stdout, stderr.slice(-2_000)).to.contain('ready'), { timeoutMs: 120_000 });
      expect(exit).to.equal(undefined);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
