import type { SummaryRow } from '../setups/bench-setup';

/** How one setup ended, as a child process reports it to its parent and as the summary reads it. */
export type SetupReport =
  | { readonly setup: string; readonly status: 'done'; readonly summary: readonly SummaryRow[]; readonly file?: string }
  | { readonly setup: string; readonly status: 'skipped' | 'failed'; readonly reason: string };
