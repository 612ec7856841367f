import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The installed version of package `name` (from the `package.json` above its entry point), or `unknown`. */
export const packageVersion = (name: string): string => {
  try {
    let dir = path.dirname(require.resolve(name));
    while (dir !== path.dirname(dir)) {
      const manifest = path.join(dir, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    // not installed
  }
  return 'unknown';
};
