import { machineSnapshot, type MachineSnapshot } from '../support/machine';
import type { Scale } from './scale';

/** The fields every result file starts with. */
export interface ResultHeader {
  readonly setup: string;
  readonly workload: string;
  readonly transport: string;
  readonly store: string;
  readonly about: string;
  /** How to run this setup alone (after `npm run build`, from the repository root). */
  readonly command: string;
  readonly scale: Scale['name'];
  /** The machine when the setup started; each run also records it when it ended. */
  readonly machine: MachineSnapshot;
}

/** The header of a result, from the setup's `<workload>.<transport>.<store>` name. */
export const resultHeader = (setup: string, about: string, scale: Scale): ResultHeader => {
  const [workload = setup, transport = '', store = ''] = setup.split('.');
  return {
    setup, workload, transport, store, about,
    command: `npm run bench -w @cadenza/benchmarks -- --only ${setup}${scale.name === 'quick' ? ' --quick' : ''}`,
    scale: scale.name,
    machine: machineSnapshot(),
  };
};

/** A number with thousands separators, for progress lines and the summary. */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');
