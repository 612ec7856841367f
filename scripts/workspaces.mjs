// The workspace packages of the repository and an order to test them in: dependencies first. A cycle
// between workspaces (through dependencies or devDependencies) is reported, never silently broken.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Every package matched by the root `workspaces` globs (`dir/*` or a plain path), with its location. */
export const readWorkspaces = (root) => {
  const patterns = readJson(join(root, 'package.json')).workspaces ?? [];
  const locations = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const dir = pattern.slice(0, -2);
    return readdirSync(join(root, dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${dir}/${e.name}`).sort();
  });
  return locations
    .filter((location) => existsSync(join(root, location, 'package.json')))
    .map((location) => ({ location, ...readJson(join(root, location, 'package.json')) }));
};

/** Depth-first topological order over workspace-internal dependencies; `cycle` names one loop if any. */
export const packageOrder = (workspaces) => {
  const byName = new Map(workspaces.map((w) => [w.name, w]));
  const internal = (w) => Object.keys({ ...w.dependencies, ...w.devDependencies, ...w.peerDependencies }).filter((d) => byName.has(d));
  const order = [];
  const state = new Map();
  let cycle;
  const visit = (name, path) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      cycle ??= [...path.slice(path.indexOf(name)), name];
      return;
    }
    state.set(name, 'visiting');
    for (const dep of internal(byName.get(name))) visit(dep, [...path, name]);
    state.set(name, 'done');
    order.push(byName.get(name));
  };
  for (const w of workspaces) visit(w.name, []);
  return { order, cycle };
};
