import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNames, createWorker, defineService, type Envelope, type Logger, type TaskContext, taskContext } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { defaultResultsDir } from '../paths';

/**
 * `node benchmarks/dist/src/cpu/task-context-cpu.js [rounds] [tasks]`: the CPU time (user + system, from
 * process.cpuUsage) a service worker spends per task, on the in-memory transport, for a method that awaits
 * once and then reads its task context, in three ways: `slot` (today's `taskContext()`, read before the
 * await), `argument` (`registerService(..., { context: 'argument' })`, read after the await), and `als` (the
 * context carried across the await by AsyncLocalStorage, the way that was given up). Tasks are published
 * straight to the service topic (no workflow), so only the executor's work is measured. Each round runs each
 * way in a process of its own, in turns (AsyncLocalStorage, once used, slows every promise of its process):
 * `rounds` (default 5) rounds of `tasks` (default 20,000) tasks after a warm-up; the medians go to
 * benchmarks/results/task-context.in-memory.in-memory.json.
 */
interface Echo {
  echo(value: number): Promise<string>;
}
const Echo = defineService<Echo>('Echo');
type Mode = 'slot' | 'argument' | 'als';
const MODES: readonly Mode[] = ['slot', 'argument', 'als'];

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };
const store = new AsyncLocalStorage<TaskContext>();

let done = 0;
let target = 0;
let finished: () => void = () => undefined;
const count = (): void => {
  if (++done === target) finished();
};

const implementations = {
  slot: {
    echo: async (value: number) => {
      const { taskId } = taskContext();
      await Promise.resolve();
      count();
      return `${taskId}:${value}`;
    },
  },
  argument: {
    echo: async (context: TaskContext, value: number) => {
      await Promise.resolve();
      count();
      return `${context.taskId}:${value}`;
    },
  },
  als: {
    echo: (value: number) => store.run(taskContext(), async () => {
      await Promise.resolve();
      count();
      return `${store.getStore()!.taskId}:${value}`;
    }),
  },
};

/** One round of one way, in this process: prints the CPU µs per task. */
const measure = async (mode: Mode, tasks: number): Promise<void> => {
  const namespace = `ctx-${mode}`;
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const worker = createWorker({ transport, history: createInMemoryHistoryStore(), namespace, logger: silent });
  if (mode === 'argument') worker.registerService(Echo, implementations.argument, { context: 'argument' });
  else worker.registerService(Echo, implementations[mode]);
  await worker.start();
  const topic = createNames(namespace).serviceTopic('Echo');
  let n = 0;
  const batch = async (size: number): Promise<number> => {
    done = 0;
    target = size;
    const all = new Promise<void>((resolve) => (finished = resolve));
    const before = process.cpuUsage();
    for (let i = 0; i < size; i++, n++) {
      const envelope: Envelope = { v: 1, id: `t${n}:r0#1`, at: Date.now(), message: {
        kind: 'ExecuteTask', taskId: `t${n}`, service: 'Echo', method: 'echo', args: [n], attempt: 1, retry: 0, workflowName: 'Nobody', workflowId: `w${n}`, seq: 1, tags: [], meta: {},
      } };
      await transport.publish(topic, envelope);
    }
    await all;
    const used = process.cpuUsage(before);
    return (used.user + used.system) / size;
  };
  await batch(Math.min(tasks, 5_000));
  const perTaskUs = await batch(tasks);
  await worker.stop();
  console.log(JSON.stringify({ mode, perTaskUs }));
};

const main = async (): Promise<void> => {
  const [first, second] = process.argv.slice(2);
  if (MODES.includes(first as Mode)) return measure(first as Mode, Number(second ?? '20000'));
  const [rounds, tasks] = [Number(first ?? '5'), Number(second ?? '20000')];
  const perTaskUs: Record<Mode, number[]> = { slot: [], argument: [], als: [] };
  for (let round = 0; round < rounds; round++) {
    for (const mode of MODES) {
      const out = execFileSync(process.execPath, [__filename, mode, String(tasks)], { encoding: 'utf8' });
      perTaskUs[mode].push(Math.round(10 * (JSON.parse(out.trim().split('\n').pop()!) as { perTaskUs: number }).perTaskUs) / 10);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const result = {
    bench: 'task-context', transport: 'in-memory', node: process.version, tasksPerRound: tasks,
    medianUs: Object.fromEntries(MODES.map((mode) => [mode, median(perTaskUs[mode])])), perTaskUs,
  };
  writeFileSync(join(defaultResultsDir, 'task-context.in-memory.in-memory.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
};

void main();
