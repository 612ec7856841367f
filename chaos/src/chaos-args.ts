import type { ChaosOptions, ChaosStore, ChaosTransport } from './chaos-options';

/** Thrown for a command line the chaos run cannot run. */
export class ChaosUsageError extends Error {}

export const CHAOS_USAGE = `usage: npm run chaos -- --transport kafka|pulsar [--history postgres] [--transfers N] [--in-flight N]
  [--duration-s S] [--kill-every-ms MS] [--broker-restart-every-ms MS] [--pg-restart-every-ms MS] [--seed N]
  [--settle-timeout-ms MS] [--base-port PORT] [--out FILE]
  a period of 0 turns that fault off; defaults: 10,000 transfers, 100 at once, a kill every 2 s, a broker
  restart every 30 s, a PostgreSQL restart every 45 s, faults for 600 s at most, seed 1`;

const NUMERIC: Record<string, { key: keyof ChaosOptions; min: number }> = {
  '--transfers': { key: 'transfers', min: 1 },
  '--in-flight': { key: 'inFlight', min: 1 },
  '--duration-s': { key: 'durationS', min: 1 },
  '--kill-every-ms': { key: 'killEveryMs', min: 0 },
  '--broker-restart-every-ms': { key: 'brokerRestartEveryMs', min: 0 },
  '--pg-restart-every-ms': { key: 'pgRestartEveryMs', min: 0 },
  '--seed': { key: 'seed', min: 0 },
  '--settle-timeout-ms': { key: 'settleTimeoutMs', min: 1 },
  '--base-port': { key: 'basePort', min: 1024 },
};

/** Reads `--flag value` pairs into options; every flag takes a value. */
export const parseChaosArgs = (argv: readonly string[]): ChaosOptions => {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (!flag.startsWith('--')) throw new ChaosUsageError(`unexpected argument ${flag}`);
    if (value === undefined) throw new ChaosUsageError(`${flag} needs a value`);
    const numeric = NUMERIC[flag];
    if (numeric) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < numeric.min) throw new ChaosUsageError(`${flag}: expected an integer ≥ ${numeric.min}, got ${value}`);
      options[numeric.key] = n;
    } else if (flag === '--transport') {
      if (value !== 'kafka' && value !== 'pulsar') throw new ChaosUsageError(`--transport: expected kafka or pulsar, got ${value}`);
      options.transport = value satisfies ChaosTransport;
    } else if (flag === '--history') {
      if (value !== 'postgres') throw new ChaosUsageError(`--history: only postgres can be restarted by the run, got ${value}`);
      options.history = value satisfies ChaosStore;
    } else if (flag === '--out') options.out = value;
    else throw new ChaosUsageError(`unknown flag ${flag}`);
  }
  if (options.transport === undefined) throw new ChaosUsageError('--transport is required');
  return options as unknown as ChaosOptions;
};
