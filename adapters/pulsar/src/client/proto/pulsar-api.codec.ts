/** Encoders and decoders for the protobuf parts of a frame, built once from {@link pulsarApiSchema}. */
import { Root, type Type } from 'protobufjs';
import { pulsarApiSchema } from './pulsar-api.schema';
import type { BaseCommand, MessageMetadata, SingleMessageMetadata } from './pulsar-api.types';

const root = Root.fromJSON(pulsarApiSchema);
const type = (name: string): Type => root.lookupType(`pulsar.${name}`);
const BaseCommandType = type('BaseCommand');
const MessageMetadataType = type('MessageMetadata');
const SingleMessageMetadataType = type('SingleMessageMetadata');

/** Serializes a command (throws if a required field is missing). */
export const encodeCommand = (command: BaseCommand): Uint8Array => BaseCommandType.encode(command).finish();
/** Parses a command; throws protobufjs's error on malformed bytes or a missing required field. */
export const decodeCommand = (bytes: Uint8Array): BaseCommand => BaseCommandType.decode(bytes) as unknown as BaseCommand;

export const encodeMessageMetadata = (metadata: MessageMetadata): Uint8Array => MessageMetadataType.encode(metadata).finish();
export const decodeMessageMetadata = (bytes: Uint8Array): MessageMetadata =>
  MessageMetadataType.decode(bytes) as unknown as MessageMetadata;

export const encodeSingleMessageMetadata = (metadata: SingleMessageMetadata): Uint8Array =>
  SingleMessageMetadataType.encode(metadata).finish();
export const decodeSingleMessageMetadata = (bytes: Uint8Array): SingleMessageMetadata =>
  SingleMessageMetadataType.decode(bytes) as unknown as SingleMessageMetadata;
