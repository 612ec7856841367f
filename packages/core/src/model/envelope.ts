import { isLeft } from 'fp-ts/lib/Either';
import * as t from 'io-ts';
import { MalformedMessageError } from '../errors/malformed-message-error';
import { Message, MESSAGE_KINDS } from './messages';
import { formatValidationErrors, renderValue } from './validation-report';

/** The wire-format version this build writes and reads. A message of another version is dead-lettered. */
export const WIRE_VERSION = 1 as const;

/**
 * The signature of a signed envelope (see `signing/`): the id of the key that made it and the HMAC-SHA256,
 * base64url, over every other field of the envelope. Absent when signing is off.
 */
export const EnvelopeSignature = t.type({ kid: t.string, mac: t.string }, 'EnvelopeSignature');
export type EnvelopeSignature = t.TypeOf<typeof EnvelopeSignature>;

/**
 * What travels on a topic: one message, with its id (deterministic for engine output, so receivers can
 * drop duplicates), the id of the message that caused it, when it was created (ms since epoch), and `sig`
 * when the sender signs (see {@link EnvelopeSignature}).
 */
export const Envelope = t.intersection([
  t.type({ v: t.literal(WIRE_VERSION), id: t.string, at: t.number, message: Message }),
  t.partial({ causationId: t.string, sig: EnvelopeSignature }),
]);
export type Envelope = t.TypeOf<typeof Envelope>;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Serializes an envelope to the bytes every transport carries (UTF-8 JSON). */
export const encodeEnvelope = (envelope: Envelope): Uint8Array => encoder.encode(JSON.stringify(envelope));

/** Parses and validates bytes from a topic; throws {@link MalformedMessageError} naming what is wrong. */
export const decodeEnvelope = (bytes: Uint8Array, topic: string): Envelope => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new MalformedMessageError(topic, `not UTF-8 JSON (${(error as Error).message})`);
  }
  const version = (parsed as { v?: unknown } | null)?.v;
  if (typeof parsed !== 'object' || parsed === null || version === undefined) {
    throw new MalformedMessageError(topic, 'not a Cadenza envelope (no "v" field)');
  }
  if (version !== WIRE_VERSION) {
    throw new MalformedMessageError(topic, `wire version ${JSON.stringify(version)} is not supported (this build reads ${WIRE_VERSION})`);
  }
  const kind = (parsed as { message?: { kind?: unknown } }).message?.kind;
  if (typeof kind !== 'string' || !MESSAGE_KINDS.has(kind)) {
    throw new MalformedMessageError(topic, `unknown message kind ${renderValue(kind)} (this build knows ${knownKinds()})`);
  }
  const decoded = Envelope.decode(parsed);
  if (isLeft(decoded)) throw new MalformedMessageError(topic, formatValidationErrors(decoded.left).join('; '));
  return decoded.right;
};

/** The kinds this build knows, for a reason that goes into logs and dead letters: cut short past ~200 characters. */
const knownKinds = (): string => {
  const all = [...MESSAGE_KINDS].join(', ');
  if (all.length <= 200) return all;
  return `${all.slice(0, all.lastIndexOf(', ', 200))}, … (${MESSAGE_KINDS.size} in all)`;
};
