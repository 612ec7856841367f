import { ALL_FAULTS, type FaultKind, parseFaults } from './fault-kinds';

/** What `npm run simulate -- …` asks for. */
export interface SimulateArgs {
  readonly from: number;
  readonly count: number;
  readonly faults: readonly FaultKind[];
  /** A progress line every this many seeds. */
  readonly every: number;
  /** List every injected fault of a failing seed. */
  readonly verbose: boolean;
}

/** Thrown for a command line the simulator cannot run. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run simulate -- [--seed N | --seeds COUNT [--from N]] [--faults all|none|kind,kind] [--every N] [--verbose]
  fault kinds: ${ALL_FAULTS.join(', ')}`;

const integer = (flag: string, value: string | undefined, min: number): number => {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) throw new UsageError(`${flag}: expected an integer ≥ ${min}, got ${value ?? 'nothing'}`);
  return n;
};

/** Reads the flags; the defaults are seeds 1 to 100 under every fault kind. */
export const parseArgs = (argv: readonly string[]): SimulateArgs => {
  const flags = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!flag.startsWith('--')) throw new UsageError(`unexpected argument ${flag}`);
    if (flag === '--verbose') flags.set(flag, 'true');
    else flags.set(flag, argv[++i]);
  }
  for (const flag of flags.keys()) {
    if (!['--seed', '--seeds', '--from', '--faults', '--every', '--verbose'].includes(flag)) throw new UsageError(`unknown flag ${flag}`);
  }
  const faults = flags.has('--faults') ? parseFaults(flags.get('--faults') ?? '') : [...ALL_FAULTS];
  const every = flags.has('--every') ? integer('--every', flags.get('--every'), 1) : 100;
  const verbose = flags.has('--verbose');
  if (flags.has('--seed')) {
    if (flags.has('--seeds') || flags.has('--from')) throw new UsageError('--seed runs one seed: leave out --seeds and --from');
    return { from: integer('--seed', flags.get('--seed'), 0), count: 1, faults, every, verbose };
  }
  const count = flags.has('--seeds') ? integer('--seeds', flags.get('--seeds'), 1) : 100;
  const from = flags.has('--from') ? integer('--from', flags.get('--from'), 0) : 1;
  return { from, count, faults, every, verbose };
};
