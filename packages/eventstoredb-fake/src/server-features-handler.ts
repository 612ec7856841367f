import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { serverFeatures, type shared } from './proto';

/**
 * `ServerFeatures.GetSupportedMethods`, which the client asks once per connection: it sends batch appends
 * only to a server that lists `BatchAppend`, and plain `Append` otherwise.
 */
export const handleGetSupportedMethods =
  (serverVersion: string, batchAppend: boolean) =>
  (_call: ServerUnaryCall<shared.Empty, serverFeatures.SupportedMethods>, callback: sendUnaryData<serverFeatures.SupportedMethods>): void => {
    const service = 'event_store.client.streams.streams';
    const methods = ['read', 'append', 'delete', 'tombstone', ...(batchAppend ? ['batchappend'] : [])].map((method) =>
      new serverFeatures.SupportedMethod().setServiceName(service).setMethodName(method),
    );
    methods.push(
      new serverFeatures.SupportedMethod().setServiceName('event_store.client.server_features.serverfeatures').setMethodName('getsupportedmethods'),
    );
    callback(null, new serverFeatures.SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(serverVersion));
  };
