import * as restate from '@restatedev/restate-sdk';
import * as clients from '@restatedev/restate-sdk-clients';
import type { DurableLoad } from '../durable/counted-loop';
import { type DurableRun, durableRunLine, measureDurableLoad } from '../durable/measured-run';
import { freePort } from './free-port';
import { packageVersion } from './package-version';
import { createPeerBank, type WireRequest, wireRequest } from './peer-bank';
import type { PeerGroup, PeerMeasure } from './peer-result';
import { installPromiseWithResolvers } from './promise-with-resolvers';
import { startRestateServer } from './restate-server';
import { waitUntil, withTimeout } from './wait-until';

const bank = createPeerBank();

/** The steps as services of their own, called through the server (durable RPC), as our services are tasks. */
const bankService = restate.service({
  name: 'bank',
  handlers: {
    withdraw: async (_ctx: restate.Context, r: WireRequest): Promise<void> => bank.withdraw(r),
    deposit: async (_ctx: restate.Context, r: WireRequest): Promise<void> => bank.deposit(r),
  },
});
const emailService = restate.service({
  name: 'email',
  handlers: { send: async (_ctx: restate.Context, r: WireRequest): Promise<void> => bank.email(r) },
});

/** The transfer, twice: steps as service calls, and steps as `ctx.run` (journaled side effects, in process). */
const transfers = restate.service({
  name: 'transfers',
  handlers: {
    wire: async (ctx: restate.Context, r: WireRequest): Promise<string> => {
      await ctx.serviceClient(bankService).withdraw(r);
      await ctx.serviceClient(bankService).deposit(r);
      await ctx.serviceClient(emailService).send(r);
      return r.wireId;
    },
    wireRun: async (ctx: restate.Context, r: WireRequest): Promise<string> => {
      await ctx.run('withdraw', async () => bank.withdraw(r));
      await ctx.run('deposit', async () => bank.deposit(r));
      await ctx.run('email', async () => bank.email(r));
      return r.wireId;
    },
  },
});

type Handler = 'wire' | 'wireRun';

const GROUPS: readonly { group: string; handler: Handler; about: string }[] = [
  { group: 'service-calls', handler: 'wire', about: 'transfers.wire calls bank.withdraw, bank.deposit and email.send through the server (three durable calls), then answers the client' },
  { group: 'ctx-run', handler: 'wireRun', about: 'transfers.wireRun runs the three steps as ctx.run in its own invocation (three journaled side effects), then answers the client' },
];

/**
 * Restate through our closed loop: the harness starts `restate-server` (fresh data dir), serves the SDK
 * endpoint in this process, registers it, and the client calls `transfers` on the ingress with the transfer
 * id as idempotency key; one group per way of writing the steps. The server is killed at the end.
 */
export const measureRestate = async (loads: readonly DurableLoad[]): Promise<PeerMeasure> => {
  installPromiseWithResolvers();
  const server = await startRestateServer();
  try {
    const endpointPort = await restate.endpoint().bind(bankService).bind(emailService).bind(transfers).listen(await freePort());
    await server.register(`http://127.0.0.1:${endpointPort}`);
    const ingress = clients.connect({ url: server.ingressUrl });
    const client = ingress.serviceClient(transfers);
    const call = async (handler: Handler, n: number): Promise<string> => {
      const r = wireRequest(n);
      return await client[handler](r, clients.Opts.from({ idempotencyKey: `${handler}-${r.wireId}` }));
    };
    let probe = 1_000_000_000;
    await waitUntil('restate ingress serving transfers', async () => (await withTimeout(call('wire', probe++), 5_000)).length > 0, 30_000);
    const processes = [{ name: 'node', pid: process.pid, node: true }, { name: 'restate-server', pid: server.pid, tree: true, node: false }];
    const groups: PeerGroup[] = [];
    let base = 0;
    for (const { group, handler, about } of GROUPS) {
      const runs: DurableRun[] = [];
      for (const load of loads) {
        const offset = base;
        const run = await measureDurableLoad(load, processes, (n) => call(handler, offset + n).then(() => undefined));
        base += load.warmup + load.workflows;
        console.log(durableRunLine(`restate ${group}`, run));
        runs.push(run);
      }
      groups.push({ group, about, runs });
    }
    return {
      system: 'restate', version: `restate-server ${server.version}, @restatedev/restate-sdk ${packageVersion('@restatedev/restate-sdk')}`,
      about: 'Restate: its server (npm binary, single node, defaults, fresh data dir) and the TypeScript SDK endpoint (HTTP/2) plus the ingress client in this process',
      groups,
    };
  } finally {
    await server.stop();
  }
};
