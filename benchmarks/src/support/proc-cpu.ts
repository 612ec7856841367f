import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The CPU fields of one `/proc/<pid>/stat` line (see proc(5)), in clock ticks. */
export interface ProcStat {
  readonly pid: number;
  /** The command name, without its parentheses (it may hold spaces and parentheses itself). */
  readonly comm: string;
  readonly ppid: number;
  /** Field 14: ticks scheduled in user mode (all threads). */
  readonly utime: number;
  /** Field 15: ticks scheduled in kernel mode (all threads). */
  readonly stime: number;
  /** Fields 16 and 17: ticks of the children this process waited for (an exited PostgreSQL backend's CPU
   *  lands in the postmaster's here). */
  readonly cutime: number;
  readonly cstime: number;
}

/** A `/proc/<pid>/stat` line that does not have the shape proc(5) gives it. */
export class ProcStatFormatError extends Error {
  override readonly name = 'ProcStatFormatError';
  constructor(readonly line: string) {
    super(`not a /proc/<pid>/stat line: ${JSON.stringify(line.slice(0, 80))}`);
  }
}

const field = (rest: readonly string[], index: number, line: string): number => {
  const value = Number(rest[index]);
  if (!Number.isInteger(value)) throw new ProcStatFormatError(line);
  return value;
};

/**
 * Parses one `/proc/<pid>/stat` line. The command name sits in parentheses and may itself hold `)` or
 * spaces, so the fields are counted from the LAST `)`: after it come state (field 3), ppid (4), … utime (14).
 */
export const parseProcStat = (line: string): ProcStat => {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new ProcStatFormatError(line);
  const pid = Number(line.slice(0, open).trim());
  if (!Number.isInteger(pid)) throw new ProcStatFormatError(line);
  const rest = line.slice(close + 1).trim().split(/\s+/);
  if (rest.length < 15) throw new ProcStatFormatError(line);
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  return {
    pid, comm: line.slice(open + 1, close),
    ppid: field(rest, 1, line), utime: field(rest, 11, line), stime: field(rest, 12, line),
    cutime: field(rest, 13, line), cstime: field(rest, 14, line),
  };
};

/** `/proc/<pid>/stat` of a live process, or `undefined` when it is gone (or never was). */
export const readProcStat = async (pid: number, procRoot = '/proc'): Promise<ProcStat | undefined> => {
  try {
    return parseProcStat(await readFile(path.join(procRoot, String(pid), 'stat'), 'utf8'));
  } catch (error) {
    if (error instanceof ProcStatFormatError) throw error;
    return undefined;
  }
};

let ticks: number | undefined;

/** `getconf CLK_TCK` (asked once): the unit of the stat fields; 100 on every Linux we run on. */
export const clockTicksPerSecond = (): number => {
  if (ticks !== undefined) return ticks;
  try {
    const answer = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    ticks = Number.isInteger(answer) && answer > 0 ? answer : 100;
  } catch {
    ticks = 100;
  }
  return ticks;
};

/** CPU a process used so far, in ticks: its own plus that of the children it waited for. */
export const cpuTicks = (s: ProcStat): number => s.utime + s.stime + s.cutime + s.cstime;
