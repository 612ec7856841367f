import { pidListeningOn } from '../support/proc-cpu-owners';
import type { MeasuredProcess } from './measured-run';

/** A server a run measures the CPU of, found by the TCP port it listens on. */
export interface ServerPort {
  readonly name: string;
  readonly port: number;
}

/**
 * The servers' processes (each with its descendants: PostgreSQL's backends), and a note for each one not found
 * on this machine (a broker in a container, another user's process), whose CPU is then not in the result.
 */
export const serverProcesses = async (servers: readonly ServerPort[]): Promise<{ processes: MeasuredProcess[]; notFound: string[] }> => {
  const processes: MeasuredProcess[] = [];
  const notFound: string[] = [];
  for (const server of servers) {
    const pid = await pidListeningOn(server.port);
    if (pid === undefined) notFound.push(`${server.name}: no process of ours listens on port ${server.port}; its CPU is not measured`);
    else processes.push({ name: server.name, pid, tree: true, node: false });
  }
  return { processes, notFound };
};
