/** Writes frames (grammar in `frame.ts`): a simple command, or a command with metadata and payload. */
import { encodeCommand } from '../proto/pulsar-api.codec';
import type { BaseCommand } from '../proto/pulsar-api.types';
import { crc32c } from './crc32c';
import { MAGIC_CRC32C } from './frame';

/** `[totalSize][commandSize][command]`. */
export const encodeSimpleFrame = (command: BaseCommand): Buffer => {
  const cmd = encodeCommand(command);
  const frame = Buffer.allocUnsafe(8 + cmd.length);
  frame.writeUInt32BE(4 + cmd.length, 0);
  frame.writeUInt32BE(cmd.length, 4);
  frame.set(cmd, 8);
  return frame;
};

/** `[totalSize][commandSize][command][0x0e01][crc32c][metadataSize][metadata][payload]`. */
export const encodePayloadFrame = (command: BaseCommand, metadata: Uint8Array, payload: Uint8Array): Buffer => {
  const cmd = encodeCommand(command);
  const checksummed = 4 + metadata.length + payload.length;
  const total = 4 + cmd.length + 2 + 4 + checksummed;
  const frame = Buffer.allocUnsafe(4 + total);
  let at = frame.writeUInt32BE(total, 0);
  at = frame.writeUInt32BE(cmd.length, at);
  frame.set(cmd, at);
  at += cmd.length;
  at = frame.writeUInt16BE(MAGIC_CRC32C, at);
  const checksumAt = at;
  at += 4;
  const checksumFrom = at;
  at = frame.writeUInt32BE(metadata.length, at);
  frame.set(metadata, at);
  at += metadata.length;
  frame.set(payload, at);
  frame.writeUInt32BE(crc32c(frame.subarray(checksumFrom)), checksumAt);
  return frame;
};
