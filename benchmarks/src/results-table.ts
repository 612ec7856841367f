import { resultsMarkdown } from './cli/results-markdown';
import { defaultResultsDir } from './paths';

/** `npm run bench:table -w @cadenza/benchmarks [-- <dir>]`: prints the result files as Markdown, for the README. */
resultsMarkdown(process.argv[2] ?? defaultResultsDir).then(
  (markdown) => console.log(markdown),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
