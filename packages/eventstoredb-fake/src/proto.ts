/**
 * The EventStoreDB wire types: the protobuf messages and gRPC service definitions generated from the
 * server's .proto files, as they ship inside @eventstore/db-client. Using the client's own definitions
 * keeps the fake byte-compatible with what the client sends and expects.
 */
export * as streams from '@eventstore/db-client/generated/streams_pb';
export * as shared from '@eventstore/db-client/generated/shared_pb';
export * as rpcStatus from '@eventstore/db-client/generated/status_pb';
export * as serverFeatures from '@eventstore/db-client/generated/serverfeatures_pb';
export { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
export type { IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
export { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
export type { IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
