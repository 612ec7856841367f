import { type Client, type Clock, createClient, createWorker, type Worker } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { createReportService, Reports } from './report-service';
import { ReportWorkflow } from './report-workflow';

/** A reporting office on in-memory adapters: a worker that runs schedules and reports, a client, and the reports compiled. */
export interface ReportOffice {
  readonly worker: Worker;
  readonly client: Client;
  readonly compiled: Array<{ region: string; night: string }>;
  stop(): Promise<void>;
}

/** Options of {@link startReportOffice}. */
export interface ReportOfficeOptions {
  /** The clock of the broker, the worker and the client; a manual one runs nights in a test. */
  readonly clock: Clock;
  /** Live instances the engine keeps; 0 replays the history at every step. @default 10_000 */
  readonly cacheSize?: number;
}

/** Starts the schedule workflow, {@link ReportWorkflow} and the report service on the in-memory adapters. */
export const startReportOffice = async (options: ReportOfficeOptions): Promise<ReportOffice> => {
  const { clock } = options;
  const broker = new InMemoryBroker(clock);
  const transport = createInMemoryTransport({ broker });
  const history = createInMemoryHistoryStore();
  const compiled: Array<{ region: string; night: string }> = [];
  const namespace = 'reports';
  const worker = createWorker({ transport, history, namespace, clock, cacheSize: options.cacheSize ?? 10_000 })
    .registerSchedules()
    .registerWorkflow(ReportWorkflow)
    .registerService(Reports, createReportService(compiled));
  await worker.start();
  const client = createClient({ transport, namespace, clock });
  return {
    worker, client, compiled,
    stop: async () => {
      await client.close();
      await worker.stop();
      await transport.close();
      await history.close();
      broker.shutdown();
    },
  };
};
