import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { createClient } from '@cadenza/core';
import { BankWorkflow } from '@cadenza/example-bank-transfer';
import { freshName } from '../support/fresh-name';
import { quietLogger } from '../support/quiet-logger';
import type { BankRole, BankRoleSpec, RoleMessage } from './bank-role-process';
import type { DurableLoad } from './counted-loop';
import { createDurableTransport, type DurableEnv } from './durable-env';
import { dropSchema } from './durable-schema';
import { type DurableRun, durableRunLine, measureDurableLoad } from './measured-run';
import { serverProcesses } from './infra-processes';
import { durableServers, type DurableGroup } from './one-process-bank';

const ROLE_SCRIPT = path.join(__dirname, 'bank-role-process.js');
const READY_TIMEOUT_MS = 60_000;

/** Forks a role process and waits for its `ready`. */
const startRole = (spec: BankRoleSpec): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = fork(ROLE_SCRIPT, [JSON.stringify(spec)], { stdio: 'inherit' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${spec.role} process not ready after ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    child.on('message', (message: RoleMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(child);
      else if (message.type === 'failed') reject(new Error(`${spec.role} process failed to start: ${message.reason}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${spec.role} process ended (${signal ?? `exit code ${code}`}) before it was ready`));
    });
  });

/** Asks a role process to stop and waits for it to exit (killed after 15 s). */
const stopRole = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' } satisfies RoleMessage);
  });

const ACCOUNTS = ['alice', 'bob'] as const;

/**
 * The bank transfer with the workflow worker and the service worker in two child processes and the client in
 * this one (each process with its own transport; the workflow worker alone on PostgreSQL), every load in turn.
 */
export const runMultiProcessBank = async (setup: string, env: DurableEnv, loads: readonly DurableLoad[]): Promise<DurableGroup> => {
  const namespace = freshName('bench');
  const schema = freshName('bench', '_');
  const children: { role: BankRole; child: ChildProcess }[] = [];
  try {
    for (const role of ['workflow-worker', 'service-worker'] as const) children.push({ role, child: await startRole({ role, env, namespace, schema }) });
    const transport = await createDurableTransport(env);
    const client = createClient({ transport, namespace, logger: quietLogger });
    const { processes: servers, notFound } = await serverProcesses(durableServers(env));
    const processes = [
      { name: 'client', pid: process.pid, node: true },
      ...children.map(({ role, child }) => ({ name: role, pid: child.pid!, node: true })),
      ...servers,
    ];
    const transfer = (n: number): Promise<void> => {
      const id = `wire-${n}`;
      return client.newWorkflow(BankWorkflow, { id }).wire(id, ACCOUNTS[n % 2]!, ACCOUNTS[(n + 1) % 2]!, 1);
    };
    const runs: DurableRun[] = [];
    let base = 0;
    try {
      for (const load of loads) {
        const offset = base;
        const run = await measureDurableLoad(load, processes, (n) => transfer(offset + n));
        base += load.warmup + load.workflows;
        console.log(durableRunLine(`${setup} multi-process`, run));
        runs.push(run);
      }
    } finally {
      await client.close();
      await transport.close();
    }
    return {
      group: 'multi-process', about: 'workflow worker, service worker (both services) and client in three node processes', namespace, schema, runs, notMeasured: notFound,
    };
  } finally {
    await Promise.all(children.map(({ child }) => stopRole(child)));
    await dropSchema(env.postgresUrl, schema);
  }
};
