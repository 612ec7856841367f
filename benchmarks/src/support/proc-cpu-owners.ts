import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { type ProcStat, readProcStat } from './proc-cpu';

const LISTEN = '0A';

/**
 * The socket inodes listening on TCP `port` (any address, IPv4 or IPv6), from the text of
 * `/proc/net/tcp` or `/proc/net/tcp6`: `sl local_address rem_address st … uid timeout inode`.
 */
export const listeningInodes = (table: string, port: number): number[] => {
  const inodes: number[] = [];
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== LISTEN) continue;
    const localPort = Number.parseInt(cols[1]!.split(':').at(-1)!, 16);
    const inode = Number(cols[9]);
    if (localPort === port && Number.isInteger(inode) && inode > 0) inodes.push(inode);
  }
  return inodes;
};

const pids = async (procRoot: string): Promise<number[]> =>
  (await readdir(procRoot)).filter((name) => /^\d+$/.test(name)).map(Number);

/**
 * The process that listens on TCP `port` (a broker, PostgreSQL's postmaster), found by matching the socket
 * inode in `/proc/net/tcp{,6}` against every process's `fd/` links; `undefined` when none does or when the
 * fds are not readable (another user's process).
 */
export const pidListeningOn = async (port: number, procRoot = '/proc'): Promise<number | undefined> => {
  const inodes = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(path.join(procRoot, 'net', table), 'utf8').catch(() => '');
    for (const inode of listeningInodes(text, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return undefined;
  for (const pid of await pids(procRoot)) {
    const fdDir = path.join(procRoot, String(pid), 'fd');
    const fds = await readdir(fdDir).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(path.join(fdDir, fd)).catch(() => '');
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match && inodes.has(Number(match[1]))) return pid;
    }
  }
  return undefined;
};

/** The stat of `root` and of every live descendant of it (PostgreSQL's backends are the postmaster's children). */
export const processTree = async (root: number, procRoot = '/proc'): Promise<ProcStat[]> => {
  const stats = (await Promise.all((await pids(procRoot)).map((pid) => readProcStat(pid, procRoot)))).filter((s) => s !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const tree = stats.filter((s) => s.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!.pid) ?? []));
  return tree;
};
