import { Server, ServerCredentials } from '@grpc/grpc-js';
import { handleAppend } from './append-handler';
import { handleBatchAppend } from './batch-append-handler';
import { handleDelete, handleTombstone } from './delete-handlers';
import { type IServerFeaturesServer, type IStreamsServer, ServerFeaturesService, StreamsService } from './proto';
import { handleRead } from './read-handler';
import { handleGetSupportedMethods } from './server-features-handler';
import { StreamLog } from './stream-log';

export interface FakeEventStoreDbOptions {
  /**
   * List `BatchAppend` among the supported methods, as servers from 21.10 on do; the client then appends
   * over one batch stream. Turn off to exercise the client's older `Append` path.
   * @default true
   */
  readonly advertiseBatchAppend?: boolean;
  /**
   * Largest append, in bytes of event data, metadata and type, before `maximum-append-size-exceeded`.
   * @default 1048576 (the server's default)
   */
  readonly maxAppendSize?: number;
  /**
   * Version reported to the client.
   * @default '23.10.0'
   */
  readonly serverVersion?: string;
}

/** A running fake: connect `@eventstore/db-client` with `connectionString`. */
export interface FakeEventStoreDb {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  readonly port: number;
  /** Names of every stream written or deleted, for tests that inspect the fake. */
  streamNames(): string[];
  /** How many calls each method received (`read`, `append`, `batchAppend`, …), to see which path a client took. */
  calls(): Readonly<Record<string, number>>;
  /** Stops listening and drops open calls (a client's batch stream stays open until then). */
  stop(): Promise<void>;
}

/**
 * Starts an in-process gRPC server speaking EventStoreDB's Streams API on 127.0.0.1 (a free port), without
 * TLS or authentication. It is a test double built from the client's own protobuf definitions, not
 * EventStoreDB: projections, persistent subscriptions, `$all`, stream metadata and users are absent.
 */
export const startFakeEventStoreDb = async (options: FakeEventStoreDbOptions = {}): Promise<FakeEventStoreDb> => {
  const maxAppendSize = options.maxAppendSize ?? 1_048_576;
  const log = new StreamLog();
  const server = new Server();
  const counts: Record<string, number> = {};
  const counted = <F extends (...args: never[]) => void>(name: string, handler: F): F =>
    ((...args: Parameters<F>) => {
      counts[name] = (counts[name] ?? 0) + 1;
      handler(...args);
    }) as F;
  const streamsImpl: IStreamsServer = {
    read: counted('read', handleRead(log)),
    append: counted('append', handleAppend(log, maxAppendSize)),
    batchAppend: counted('batchAppend', handleBatchAppend(log, maxAppendSize)),
    delete: counted('delete', handleDelete(log)),
    tombstone: counted('tombstone', handleTombstone(log)),
  };
  const featuresImpl: IServerFeaturesServer = {
    getSupportedMethods: handleGetSupportedMethods(options.serverVersion ?? '23.10.0', options.advertiseBatchAppend ?? true),
  };
  server.addService(StreamsService, streamsImpl);
  server.addService(ServerFeaturesService, featuresImpl);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    streamNames: () => log.names(),
    calls: () => ({ ...counts }),
    stop: async () => {
      server.forceShutdown();
    },
  };
};
