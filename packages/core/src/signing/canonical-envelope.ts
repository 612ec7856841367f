import type { Envelope } from '../model/envelope';

/** Separates these MACs from any other use of the same secret; changes if the canonical form ever does. */
const DOMAIN = 'cadenza-envelope-v1';

/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth and `undefined` fields left out, as
 * `JSON.stringify` would write them: one text for every way of building or re-parsing the same value, so
 * sender and receiver MAC the same bytes whatever key order a transport or a JSON library produces.
 */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record).filter((key) => record[key] !== undefined).sort();
    return `{${fields.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/**
 * What a signature covers: the key id it is made with, then every field of the envelope but `sig` — the
 * wire version, the id (duplicate detection), `at`, `causationId` and the whole message (kind, target
 * workflow or service, method, arguments, attempt, outcome). Routing that the transport owns (topic, key,
 * `deliverAt`) is not covered: receivers act on the names inside the message, never on the topic alone.
 */
export const signedText = (envelope: Envelope, keyId: string): string => {
  const { sig: _ignored, ...covered } = envelope;
  return `${DOMAIN}\n${keyId}\n${canonicalJson(covered)}`;
};
