import type { Envelope } from '../model/envelope';

/** Separates these MACs from any other use of the same secret; changes if the canonical form ever does. */
const DOMAIN = 'cadenza-envelope-v1';

/** Values JSON leaves out of an object (and writes as `null` in an array). */
const omitted = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth, holding exactly what `JSON.stringify`
 * would write (`toJSON` applied, `undefined`, functions and symbols left out): one text for every way of
 * building or re-parsing the same value, so sender and receiver MAC the same bytes whatever key order a
 * transport or a JSON library produces, and whether the sender held a `Date` or the string it becomes.
 */
export const canonicalJson = (value: unknown): string => {
  const json = typeof (value as { toJSON?: unknown } | null)?.toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  if (Array.isArray(json)) return `[${json.map((item) => (omitted(item) ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof json === 'object' && json !== null) {
    const record = json as Record<string, unknown>;
    const fields = Object.keys(record).filter((key) => !omitted(record[key])).sort();
    return `{${fields.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(json) ?? 'null';
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
