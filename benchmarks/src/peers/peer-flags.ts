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

/** Parses `argv` (without node and the script); throws with the usage on anything unknown. */
export const parsePeerFlags = (argv: readonly string[]): PeerFlags => {
  const only: string[] = [];
  let quick = false;
  let help = false;
  let resultsDir: string | undefined;
  let child: PeerSystemName | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${PEERS_USAGE}`);
      return v;
    };
    switch (flag) {
      case '--only':
        only.push(...value().split(',').filter((s) => s.length > 0));
        break;
      case '--quick':
        quick = true;
        break;
      case '--results-dir':
        resultsDir = value();
        break;
      case '--system': {
        const name = value();
        if (!isSystem(name)) throw new Error(`--system ${name}: not one of ${PEER_SYSTEM_NAMES.join(', ')}`);
        child = name;
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}\n${PEERS_USAGE}`);
    }
  }
  const systems = only.length === 0 ? [...PEER_SYSTEM_NAMES] : PEER_SYSTEM_NAMES.filter((s) => only.some((o) => s.includes(o)));
  if (systems.length === 0) throw new Error(`--only ${only.join(',')} matches none of ${PEER_SYSTEM_NAMES.join(', ')}`);
  return { systems, quick, help, ...(resultsDir !== undefined ? { resultsDir } : {}), ...(child !== undefined ? { child } : {}) };
};
