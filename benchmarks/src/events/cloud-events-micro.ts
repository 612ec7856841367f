import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { cloudEventsOf, type Envelope } from '@cadenza/core';

/**
 * `npm run bench:cloud-events -w @cadenza/benchmarks` (after a build): how many CloudEvents `cloudEventsOf`
 * builds per CPU second (process CPU time, so other load on the machine
 * counts less than in wall time), from the envelopes one bank transfer puts on the events topic (its
 * `WorkflowEvents` steps and one failed attempt that is retried: 14 CloudEvents). Prints one JSON
 * line; writes nothing. `CLOUD_EVENTS_MICRO_MS` sets each of the 5 timed rounds (default 1,000 ms).
 */
const run = '7f3c2a10-0000-5000-8000-000000000001';
const deposit = { service: 'BankService', method: 'deposit', retry: 0 };
const withdraw = { service: 'BankService', method: 'withdraw', retry: 0 };

const step = (at: number, events: unknown[]): Envelope => ({
  v: 1, id: `wire-1:events:${run}:${at}`, at, causationId: 'msg-1',
  message: { kind: 'WorkflowEvents', workflowName: 'BankWorkflow', workflowId: 'wire-1', run, at, events },
} as Envelope);

/** The steps of one transfer: start and withdraw, withdraw done and deposit, deposit done and email, email done and end. */
const transfer: Envelope[] = [
  step(1_000, [
    { index: 0, event: { type: 'WorkflowStarted', workflowName: 'BankWorkflow', method: 'wire', args: ['wire-1', 'alice', 'bob', 1], tags: [], meta: {} } },
    { index: 1, event: { type: 'WaiterAdded', replyTo: 'bench.client.c1', requestId: 'r1' } },
    { index: 2, event: { type: 'TaskScheduled', seq: 1, service: 'BankService', method: 'withdraw', args: ['alice', 1] } },
  ]),
  step(1_001, [
    { index: 3, event: { type: 'TaskCompleted', seq: 1, result: null }, task: withdraw },
    { index: 4, event: { type: 'TaskScheduled', seq: 2, service: 'BankService', method: 'deposit', args: ['bob', 1] } },
  ]),
  step(1_002, [
    { index: 5, event: { type: 'TaskCompleted', seq: 2, result: null }, task: deposit },
    { index: 6, event: { type: 'TaskScheduled', seq: 3, service: 'EmailService', method: 'send', args: ['alice', 'sent 1 to bob'] } },
  ]),
  step(1_003, [
    { index: 7, event: { type: 'TaskCompleted', seq: 3, result: null }, task: { service: 'EmailService', method: 'send', retry: 0 } },
    { index: 8, event: { type: 'WorkflowCompleted', result: null } },
  ]),
  {
    v: 1, id: 'wire-1:2:r0#1:attempt-failed', at: 1_002, causationId: 'wire-1:2:r0#1',
    message: {
      kind: 'TaskAttemptFailed', workflowName: 'BankWorkflow', workflowId: 'wire-1', taskId: 'wire-1:2', service: 'BankService', method: 'deposit',
      seq: 2, attempt: 1, retry: 0, retryInMs: 1_000, run, error: { name: 'Error', message: 'bank down', retriable: true },
    },
  } as Envelope,
];

const options = { namespace: 'bench' };

/** CPU time this process has used, in seconds: unlike the wall clock, it does not count time other processes took. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Builds the transfer's events over and over for `ms` of wall time; returns events built per CPU second. */
const round = (ms: number): number => {
  let events = 0;
  const start = performance.now();
  const cpuStart = cpuSeconds();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i += 1) for (const envelope of transfer) events += cloudEventsOf(envelope, options).length;
  }
  return events / (cpuSeconds() - cpuStart);
};

const main = (): void => {
  const ms = Number(process.env.CLOUD_EVENTS_MICRO_MS ?? 1_000);
  round(Math.min(ms, 500));
  const rounds = Array.from({ length: 5 }, () => round(ms)).sort((a, b) => a - b);
  const perTransfer = transfer.reduce((n, envelope) => n + cloudEventsOf(envelope, options).length, 0);
  console.log(JSON.stringify({
    measure: 'cloudEventsOf, events built per CPU second', eventsPerTransfer: perTransfer,
    medianEventsPerSecond: Math.round(rounds[2]!), minEventsPerSecond: Math.round(rounds[0]!), maxEventsPerSecond: Math.round(rounds[4]!),
    node: process.version, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  }));
};

main();
