import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const main = join(__dirname, '../src/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('the bank-transfer example (npm start)', function () {
  this.timeout(180_000);

  it('prints the first transfer’s timeline (from the store, and as CloudEvents from client.history) and balances with money conserved', () => {
    const result = run('--transfers', '200');
    expect(result.status, result.stderr).to.equal(0);
    const out = result.stdout;
    for (const line of ['WorkflowStarted', 'TaskScheduled BankService.withdraw (step 1)', 'TaskScheduled BankService.deposit (step 2)',
      'TaskScheduled EmailService.send (step 3)', 'WorkflowCompleted', 'history cleared']) {
      expect(out).to.contain(line);
    }
    const cloudEvents = out.slice(out.indexOf('as CloudEvents, from client.history'));
    const types = [...cloudEvents.matchAll(/ms {2}(io\.cadenza\.[a-z.]+)/g)].map((m) => m[1]);
    expect(types).to.deep.equal([
      'workflow.dispatched', 'workflow.started',
      ...['withdraw', 'deposit', 'send'].flatMap(() => ['task.scheduled', 'task.attempt.started', 'task.completed']),
      'workflow.completed',
    ].map((type) => `io.cadenza.${type}`));
    expect(cloudEvents).to.match(/io\.cadenza\.task\.attempt\.started +BankService\.deposit attempt 1/);
    expect(out).to.match(/199 more transfers in/);
    expect(out).to.contain('emails sent: 200');
    expect(out).to.match(/total\s+4000\s+\(before: 4000\) — money conserved ✓/);
  });

  for (const transport of ['kafka', 'pulsar']) {
    it(`runs on ${transport} with PostgreSQL histories (brokers from infra/up.sh)`, () => {
      const result = run('--transport', transport, '--history', 'postgres', '--transfers', '50');
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.contain(`transport: ${transport}, history: postgres`);
      expect(result.stdout).to.contain('history cleared');
      expect(result.stdout).to.match(/total\s+4000\s+\(before: 4000\) — money conserved ✓/);
    });
  }

  it('reads its adapters from a YAML config file, and names the bad field of a wrong one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadenza-config-'));
    writeFileSync(join(dir, 'good.yaml'), 'transport: { type: in-memory }\nhistory: { type: in-memory }\ncacheSize: 100\n');
    const good = run('--config', join(dir, 'good.yaml'), '--transfers', '20');
    expect(good.status, good.stderr).to.equal(0);
    expect(good.stdout).to.contain('transport: in-memory, history: in-memory, 20 transfers');
    writeFileSync(join(dir, 'bad.yaml'), 'transport: { type: in-memory }\ncacheSize: -1\n');
    const bad = run('--config', join(dir, 'bad.yaml'));
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.contain('invalid config at config.cacheSize');
  });

  it('refuses a bad flag with a clear message and a failing exit code', () => {
    const result = run('--transport', 'carrier-pigeon');
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('--transport carrier-pigeon: expected in-memory, kafka or pulsar');
  });
});
