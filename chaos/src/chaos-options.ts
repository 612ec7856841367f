/** The transports a chaos run can put under a private broker it restarts. */
export type ChaosTransport = 'kafka' | 'pulsar';
/** The durable history stores a chaos run can put on a private server it restarts. */
export type ChaosStore = 'postgres';

/** What `npm run chaos -- …` runs; every field but the transport has a default in {@link chaosDefaults}. */
export interface ChaosOptions {
  readonly transport: ChaosTransport;
  /** @default 'postgres' */
  readonly history?: ChaosStore;
  /** Bank transfers the client drives, each a BankWorkflow of three steps.
   *  @default 10_000 */
  readonly transfers?: number;
  /** Transfers running at once (the client starts the next as one completes).
   *  @default 100 */
  readonly inFlight?: number;
  /** Faults are injected for this long after the first transfer started, in seconds; then the run lets
   *  the workers finish undisturbed. Faults also stop once every transfer completed.
   *  @default 600 */
  readonly durationS?: number;
  /** A random worker process is SIGKILLed (and a new one started in its place) this often, in ms; 0: never.
   *  @default 2_000 */
  readonly killEveryMs?: number;
  /** The private broker is stopped and started (keeping its data) this often, in ms, counted from the
   *  end of the previous restart (it is up at least this long between two); 0: never.
   *  @default 30_000 */
  readonly brokerRestartEveryMs?: number;
  /** The private PostgreSQL cluster is restarted (fast shutdown, then start) this often, in ms, counted
   *  like the broker's; 0: never.
   *  @default 45_000 */
  readonly pgRestartEveryMs?: number;
  /** Seeds the choice of the worker to kill, so a seed kills the same sequence of roles.
   *  @default 1 */
  readonly seed?: number;
  /** Where the result JSON goes.
   *  @default benchmarks/results/chaos.<transport>.<store>.json under the repository root */
  readonly out?: string;
  /** Once faults stop, how long every transfer may take to complete before the run fails naming the ones
   *  that did not, in ms.
   *  @default 600_000 (10,000 transfers that made little progress under the faults finish in minutes) */
  readonly settleTimeoutMs?: number;
  /** A progress line this often, in ms.
   *  @default 5_000 */
  readonly progressEveryMs?: number;
  /** Ports of the private servers: the broker on `basePort` (Kafka's controller on `basePort + 1`,
   *  Pulsar's admin on `basePort + 2`), PostgreSQL on `basePort + 3`.
   *  @default 19_300 */
  readonly basePort?: number;
  /** Where each progress line goes.
   *  @default console.log */
  readonly log?: (line: string) => void;
}

/** The defaults: the full run of the issue (10,000 transfers, a kill every 2 s, a broker restart every
 *  30 s, a PostgreSQL restart every 45 s). */
export const chaosDefaults = {
  history: 'postgres',
  transfers: 10_000,
  inFlight: 100,
  durationS: 600,
  killEveryMs: 2_000,
  brokerRestartEveryMs: 30_000,
  pgRestartEveryMs: 45_000,
  seed: 1,
  settleTimeoutMs: 600_000,
  progressEveryMs: 5_000,
  basePort: 19_300,
} as const;

/** Every option with its value, the default where none was given (`out` stays optional: it needs the repository root). */
export type ResolvedChaosOptions = Required<Omit<ChaosOptions, 'out' | 'log'>> & Pick<ChaosOptions, 'out'> & { readonly log: (line: string) => void };

export const resolveChaosOptions = (o: ChaosOptions): ResolvedChaosOptions => ({
  transport: o.transport,
  history: o.history ?? chaosDefaults.history,
  transfers: o.transfers ?? chaosDefaults.transfers,
  inFlight: o.inFlight ?? chaosDefaults.inFlight,
  durationS: o.durationS ?? chaosDefaults.durationS,
  killEveryMs: o.killEveryMs ?? chaosDefaults.killEveryMs,
  brokerRestartEveryMs: o.brokerRestartEveryMs ?? chaosDefaults.brokerRestartEveryMs,
  pgRestartEveryMs: o.pgRestartEveryMs ?? chaosDefaults.pgRestartEveryMs,
  seed: o.seed ?? chaosDefaults.seed,
  settleTimeoutMs: o.settleTimeoutMs ?? chaosDefaults.settleTimeoutMs,
  progressEveryMs: o.progressEveryMs ?? chaosDefaults.progressEveryMs,
  basePort: o.basePort ?? chaosDefaults.basePort,
  // The CLI's progress lines are its output; a library caller passes its own sink.
  log: o.log ?? ((line) => console.log(line)),
  ...(o.out !== undefined ? { out: o.out } : {}),
});
