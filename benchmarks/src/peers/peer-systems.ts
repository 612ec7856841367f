import type { DurableLoad } from '../durable/counted-loop';
import { reachableDurableEnv } from '../durable/durable-env';
import { runOneProcessBank } from '../durable/one-process-bank';
import { hostAndPort, isReachable } from '../support/reachable';
import { measureDbos } from './dbos-bank';
import { packageVersion } from './package-version';
import type { PeerSystemName } from './peer-flags';
import type { PeerMeasure } from './peer-result';
import { measureRestate } from './restate-bank';

/** What measuring one system gave. */
export type SystemOutcome =
  | { readonly status: 'measured'; readonly measure: PeerMeasure }
  | { readonly status: 'skipped'; readonly reason: string };

const ours = async (system: 'bank-transfer.kafka.postgres' | 'bank-transfer.pulsar.postgres', loads: readonly DurableLoad[]): Promise<SystemOutcome> => {
  const env = await reachableDurableEnv(system === 'bank-transfer.kafka.postgres' ? 'kafka' : 'pulsar');
  if ('skipped' in env) return { status: 'skipped', reason: env.skipped };
  const { group, about, runs } = await runOneProcessBank(system, env, loads);
  return {
    status: 'measured',
    measure: { system, version: `@cadenza/core ${packageVersion('@cadenza/core')}`, about: 'Cadenza: createWorker and createClient defaults, one node process', groups: [{ group, about, runs }] },
  };
};

/** Measures one system at `loads`, in this process. */
export const measureSystem = async (system: PeerSystemName, loads: readonly DurableLoad[]): Promise<SystemOutcome> => {
  const postgresUrl = process.env.CADENZA_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  switch (system) {
    case 'bank-transfer.kafka.postgres':
    case 'bank-transfer.pulsar.postgres':
      return ours(system, loads);
    case 'restate': {
      return { status: 'measured', measure: await measureRestate(loads) };
    }
    case 'dbos': {
      const { host, port } = hostAndPort(postgresUrl, 5432);
      if (!(await isReachable(host, port))) return { status: 'skipped', reason: `PostgreSQL not reachable at ${host}:${port} (set CADENZA_POSTGRES_URL)` };
      return { status: 'measured', measure: await measureDbos(loads, postgresUrl) };
    }
  }
};
