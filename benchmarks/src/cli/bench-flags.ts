/** What the command line asked for. */
export interface BenchFlags {
  /** Names (or parts of names) of the setups to run; empty runs them all. */
  readonly only: readonly string[];
  /** Print the setups and exit. */
  readonly list: boolean;
  /** Small, short runs for a smoke check; nothing is written unless `resultsDir` is given. */
  readonly quick: boolean;
  /** Run the setups in this process instead of one child process each. */
  readonly inProcess: boolean;
  /** Where result files go. @default `benchmarks/results/` (with `--quick`: nowhere) */
  readonly resultsDir?: string;
  readonly help: boolean;
}

/** Printed by `--help` and with every refused argument. */
export const USAGE = `usage: npm run bench -w @cadenza/benchmarks -- [--only <name>[,<name>…]] [--list] [--quick] [--results-dir <dir>] [--in-process]
  --only <names>       run the setups whose name contains one of the comma-separated values
                       (e.g. bank-transfer.in-memory.in-memory, kafka, long-workflow); also BENCH_ONLY=<names>
  --list               print the setups and exit
  --quick              short, small runs for a smoke check; writes nothing unless --results-dir is given
  --results-dir <dir>  where to write <setup>.json (default: benchmarks/results)
  --in-process         run every setup in this process (default: one child process per setup, for a clean heap)`;

/** Parses `argv` (without node and the script); throws with the usage on anything unknown. */
export const parseBenchFlags = (argv: readonly string[], env: NodeJS.ProcessEnv = {}): BenchFlags => {
  const only: string[] = (env.BENCH_ONLY ?? '').split(',').filter((s) => s.length > 0);
  let list = false;
  let quick = false;
  let inProcess = false;
  let help = false;
  let resultsDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--only':
        only.push(...value().split(',').filter((s) => s.length > 0));
        break;
      case '--list':
        list = true;
        break;
      case '--quick':
        quick = true;
        break;
      case '--in-process':
        inProcess = true;
        break;
      case '--results-dir':
        resultsDir = value();
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return { only, list, quick, inProcess, help, ...(resultsDir !== undefined ? { resultsDir } : {}) };
};

/** The setups a filter selects: all when it is empty, else those whose name contains one of its values. */
export const selectSetups = <S extends { readonly name: string }>(setups: readonly S[], only: readonly string[]): S[] =>
  only.length === 0 ? [...setups] : setups.filter((s) => only.some((o) => s.name.includes(o)));
