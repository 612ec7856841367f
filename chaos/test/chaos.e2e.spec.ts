import { expect } from 'chai';
import { type ChaosReport, type ChaosTransport, runChaos } from '../src';

/**
 * The first restarts come after 3 s and 5 s: Pulsar completes 500 transfers in about 8 s when nothing
 * stops it, and the run ends its faults once every transfer completed.
 *
 * The short chaos run of CI, on each transport: at least 500 transfers, a worker SIGKILLed every 2 s,
 * the private broker and the private PostgreSQL cluster restarted at least once each. The run bounds
 * itself (servers' scripts, the settle timeout) and returns; the test then names what broke.
 */
const short = (transport: ChaosTransport, basePort: number) => ({
  transport,
  transfers: 500,
  killEveryMs: 2_000,
  brokerRestartEveryMs: 3_000,
  pgRestartEveryMs: 5_000,
  durationS: 30,
  settleTimeoutMs: 90_000,
  progressEveryMs: 10_000,
  basePort,
  log: () => undefined,
});

const described = (report: ChaosReport): string =>
  report.violations.slice(0, 10).map((v) => `${v.invariant} ${v.workflowId}: ${v.message} (after ${v.faultsBefore[0] ?? 'no fault'})`).join('\n  ');

for (const [transport, basePort] of [['kafka', 19_400], ['pulsar', 19_500]] as const) {
  describe(`Chaos, separate processes: ${transport} + postgres`, function () {
    // Starting a private Pulsar takes up to 3 minutes on a loaded machine; the run's own bounds end it before this.
    this.timeout(900_000);
    let report: ChaosReport;
    before(async () => {
      report = await runChaos(short(transport, basePort));
    });

    it('injected the faults it was asked for: ≥ 3 kills, a broker restart, a PostgreSQL restart', () => {
      const ok = (kind: string) => report.faults.filter((f) => f.kind === kind && f.ok).length;
      const failed = report.faults.filter((f) => !f.ok).map((f) => `${f.kind}: ${f.detail}`);
      expect(failed, 'faults whose injection failed').to.deep.equal([]);
      expect(ok('kill'), 'workers killed').to.be.at.least(3);
      expect(ok('broker-restart'), 'broker restarts').to.be.at.least(1);
      expect(ok('pg-restart'), 'PostgreSQL restarts').to.be.at.least(1);
    });

    it('completes every transfer', () => {
      expect(report.unfinished, `transfers without a result ${report.options.settleTimeoutMs / 1000} s after the faults stopped`).to.deep.equal([]);
      expect(report.transfers.completed, 'transfers completed').to.equal(report.transfers.requested);
    });

    it('conserves money, applies each step once under one task id, and records one outcome per workflow', () => {
      expect(report.violations.length, `invariant violations:\n  ${described(report)}`).to.equal(0);
      expect(report.transfers.distinctTasks, 'distinct task ids').to.equal(report.transfers.requested * 3);
    });
  });
}
