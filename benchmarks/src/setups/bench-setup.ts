import type { Scale } from './scale';

/** One line of the summary table printed at the end. */
export interface SummaryRow {
  readonly setup: string;
  readonly measure: string;
  readonly value: string;
  /** The target this figure is read against, with ✓ or ✗; never asserted. */
  readonly target?: string;
}

/** What running a setup gave: a result to write, or why it did not run. */
export type SetupOutcome =
  | { readonly status: 'done'; readonly result: object; readonly summary: readonly SummaryRow[] }
  | { readonly status: 'skipped'; readonly reason: string };

/** A workload on one transport and one store; its result lands in `results/<name>.json`. */
export interface BenchSetup {
  /** `<workload>.<transport>.<store>`: the result file's name. */
  readonly name: string;
  /** One sentence on what it measures, printed by `--list` and kept in the result. */
  readonly about: string;
  run(scale: Scale): Promise<SetupOutcome>;
}

/** A target a figure is read against. */
export interface Target {
  readonly what: string;
  readonly target: string;
  readonly measured: number;
  readonly met: boolean;
}

/** `✓` or `✗` after a target, for the summary table. */
export const targetText = (t: Target): string => `${t.target} ${t.met ? '✓' : '✗'}`;
