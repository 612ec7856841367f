import { expect } from 'chai';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cpuTicks, parseProcStat, ProcStatFormatError, readProcStat } from '../../src/support/proc-cpu';
import { listeningInodes, pidListeningOn, processTree } from '../../src/support/proc-cpu-owners';
import { cpuFigure, openCpuWindow, ticksBetween } from '../../src/support/proc-cpu-window';

/** A stat line as proc(5) writes it: fields 14–17 are utime, stime, cutime, cstime. */
const statLine = (pid: number, comm: string, ppid: number, utime: number, stime: number, cutime = 0, cstime = 0): string =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 1000 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 12 0 100 1000000 500 ` +
  '18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n';

const fakeProc = async (stats: readonly string[]): Promise<string> => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fake-proc-'));
  for (const line of stats) {
    const pid = line.split(' ')[0]!;
    await mkdir(path.join(root, pid, 'fd'), { recursive: true });
    await writeFile(path.join(root, pid, 'stat'), line);
  }
  await mkdir(path.join(root, 'net'));
  return root;
};

describe('the /proc CPU reader', () => {
  it('reads utime, stime, cutime, cstime and ppid counted from the last parenthesis', () => {
    const s = parseProcStat(statLine(42, 'java', 1, 1500, 300, 7, 3));
    expect(s).to.deep.equal({ pid: 42, comm: 'java', ppid: 1, utime: 1500, stime: 300, cutime: 7, cstime: 3 });
    expect(cpuTicks(s)).to.equal(1810);
  });

  it('keeps a command name with spaces and parentheses whole', () => {
    const s = parseProcStat(statLine(7, 'postgres: walwriter (x) ', 6, 10, 20));
    expect(s.comm).to.equal('postgres: walwriter (x) ');
    expect([s.ppid, s.utime, s.stime]).to.deep.equal([6, 10, 20]);
  });

  it('refuses a line that is not a stat line with a typed error', () => {
    expect(() => parseProcStat('hello world')).to.throw(ProcStatFormatError);
    expect(() => parseProcStat('12 (x) S 1 2 3')).to.throw(ProcStatFormatError, 'not a /proc/<pid>/stat line');
    expect(() => parseProcStat(statLine(1, 'x', 0, 1, 2).replace(' 1 2 0 0 20', ' one 2 0 0 20'))).to.throw(ProcStatFormatError);
  });

  it('answers undefined for a process that is gone, and reads this process for real', async () => {
    expect(await readProcStat(2 ** 30)).to.equal(undefined);
    const self = await readProcStat(process.pid);
    expect(self?.pid).to.equal(process.pid);
    expect(self!.utime + self!.stime).to.be.greaterThan(0);
  });

  it('finds the listening socket of a port in /proc/net/tcp, not connected ones', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 5551 1 0',
      '   1: 0100007F:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7777 1 0',
      '   2: 0100007F:2384 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 8888 1 0',
    ].join('\n');
    expect(listeningInodes(table, 9092)).to.deep.equal([7777]); // 0x2384
    expect(listeningInodes(table, 5432)).to.deep.equal([5551]);
    expect(listeningInodes(table, 6650)).to.deep.equal([]);
  });

  it('finds the process owning a listening socket and its descendants in a fake /proc', async () => {
    const root = await fakeProc([statLine(10, 'postgres', 1, 100, 50), statLine(11, 'postgres', 10, 30, 5), statLine(12, 'postgres', 11, 1, 1), statLine(20, 'java', 1, 9, 9)]);
    try {
      await writeFile(path.join(root, 'net', 'tcp'), 'header\n   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000 106 0 5551 1 0\n');
      await symlink('socket:[5551]', path.join(root, '10', 'fd', '5'));
      await symlink('socket:[9999]', path.join(root, '20', 'fd', '3'));
      expect(await pidListeningOn(5432, root)).to.equal(10);
      expect(await pidListeningOn(6650, root)).to.equal(undefined);
      expect((await processTree(10, root)).map((s) => s.pid).sort()).to.deep.equal([10, 11, 12]);
      expect((await processTree(20, root)).map((s) => s.pid)).to.deep.equal([20]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('counts a tree between two snapshots: new processes from zero, exited ones through the parent', () => {
    const before = new Map([[10, 150], [11, 35]]);
    // 11 exited and was waited for (its 40 ticks moved into 10's cutime), 12 started and used 5.
    const after = new Map([[10, 150 + 20 + 40], [12, 5]]);
    expect(ticksBetween(before, after)).to.equal(20 + (40 - 35) + 5);
    expect(ticksBetween(new Map([[1, 10]]), new Map())).to.equal(0);
  });

  it('turns ticks into ms, shares of a core and of the machine, and ms per workflow', () => {
    const f = cpuFigure({ name: 'kafka', pids: [5], ticks: 250, ticksPerSecond: 100, windowMs: 5_000, workflows: 1_000, cores: 2 });
    expect(f).to.deep.equal({ name: 'kafka', pids: [5], cpuMs: 2_500, coreShare: 0.5, machineShare: 0.25, cpuMsPerWorkflow: 2.5 });
    expect(cpuFigure({ name: 'x', pids: [], ticks: 1, ticksPerSecond: 100, windowMs: 10, workflows: 0, cores: 2 }).cpuMsPerWorkflow).to.be.NaN;
  });

  it('measures the CPU this process burns inside a window', async () => {
    const window = await openCpuWindow([{ name: 'node', pid: process.pid }]);
    const until = Date.now() + 120;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const [figure] = await window.close(10);
    expect(x).to.be.greaterThan(0);
    expect(figure!.name).to.equal('node');
    expect(figure!.cpuMs).to.be.greaterThan(0);
    expect(figure!.cpuMsPerWorkflow).to.equal(Math.round((figure!.cpuMs / 10) * 1000) / 1000);
  });
});
