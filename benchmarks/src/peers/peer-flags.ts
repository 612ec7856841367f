import { parseArgs } from 'node:util';

/** The systems `bench:peers` runs, ours first, in this order. */
export const PEER_SYSTEM_NAMES = ['bank-transfer.kafka.postgres', 'bank-transfer.pulsar.postgres', 'restate', 'dbos'] as const;
export type PeerSystemName = (typeof PEER_SYSTEM_NAMES)[number];

/** What the `bench:peers` command line asked for. */
export interface PeerFlags {
  /** The systems to run: all unless `--only` names some (by a part of the name: `kafka`, `restate`). */
  readonly systems: readonly PeerSystemName[];
  /** Small loads for a smoke check; nothing is written unless `resultsDir` is given. */
  readonly quick: boolean;
  /** Where `bank-transfer.peers.json` goes. @default `benchmarks/results/` (with `--quick`: nowhere) */
  readonly resultsDir?: string;
  /** Internal: run this one system here and send its figures to the parent process. */
  readonly child?: PeerSystemName;
  readonly help: boolean;
}

/** Printed by `--help` and with every refused argument. */
export const PEERS_USAGE = `usage: npm run bench:peers -w @cadenza/benchmarks -- [--only <names>] [--quick] [--results-dir <dir>]
  --only <names>       the systems whose name contains one of the comma-separated values, from:
                       ${PEER_SYSTEM_NAMES.join(', ')} (default: all, in that order)
  --quick              small loads for a smoke check; writes nothing unless --results-dir is given
  --results-dir <dir>  where to write bank-transfer.peers.json (default: benchmarks/results)`;

const isSystem = (name: string): name is PeerSystemName => (PEER_SYSTEM_NAMES as readonly string[]).includes(name);

/** Parses `argv` (without node and the script) with `util.parseArgs`; throws with the usage on anything unknown. */
export const parsePeerFlags = (argv: readonly string[]): PeerFlags => {
  let values: { only?: string[]; quick?: boolean; 'results-dir'?: string; system?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv], strict: true, allowPositionals: false,
      options: { only: { type: 'string', multiple: true }, quick: { type: 'boolean' }, 'results-dir': { type: 'string' }, system: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${PEERS_USAGE}`);
  }
  const only = (values.only ?? []).flatMap((o) => o.split(',')).filter((o) => o.length > 0);
  const systems = only.length === 0 ? [...PEER_SYSTEM_NAMES] : PEER_SYSTEM_NAMES.filter((s) => only.some((o) => s.includes(o)));
  if (systems.length === 0) throw new Error(`--only ${only.join(',')} matches none of ${PEER_SYSTEM_NAMES.join(', ')}`);
  const child = values.system;
  if (child !== undefined && !isSystem(child)) throw new Error(`--system ${child}: not one of ${PEER_SYSTEM_NAMES.join(', ')}`);
  const resultsDir = values['results-dir'];
  return { systems, quick: values.quick ?? false, help: values.help ?? false, ...(resultsDir !== undefined ? { resultsDir } : {}), ...(child !== undefined ? { child } : {}) };
};
