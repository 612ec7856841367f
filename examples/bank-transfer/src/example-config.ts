import type { CadenzaConfig } from '@cadenza/core';

/** What `--transport` and `--history` name, as config; addresses come from the environment when set. */
export const transportConfig = (name: string): NonNullable<CadenzaConfig['transport']> => {
  switch (name) {
    case 'in-memory':
      return { type: 'in-memory' };
    case 'kafka':
      return { type: 'kafka', brokers: (process.env.CADENZA_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') };
    case 'pulsar':
      return { type: 'pulsar', serviceUrl: process.env.CADENZA_PULSAR_URL ?? 'pulsar://127.0.0.1:6650' };
    default:
      throw new Error(`--transport ${name}: expected in-memory, kafka or pulsar`);
  }
};

export const historyConfig = (name: string): NonNullable<CadenzaConfig['history']> => {
  switch (name) {
    case 'in-memory':
      return { type: 'in-memory' };
    case 'postgres':
      return { type: 'postgres', connectionString: process.env.CADENZA_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' };
    case 'eventstoredb':
      return { type: 'eventstoredb', connectionString: process.env.EVENTSTOREDB_URL ?? 'esdb://127.0.0.1:2113?tls=false' };
    default:
      throw new Error(`--history ${name}: expected in-memory, postgres or eventstoredb`);
  }
};

/** Reads `--name value` flags. */
export const readFlags = (argv: readonly string[]): Map<string, string> => {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}; use --transport, --history, --transfers, --config`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
};
