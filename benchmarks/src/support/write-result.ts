import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes one setup's result as `<dir>/<setup>.json` (pretty-printed, newline-terminated); returns the path. */
export const writeResult = async (dir: string, setup: string, result: unknown): Promise<string> => {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${setup}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
};
