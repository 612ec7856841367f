/**
 * The few calls the transport makes to Pulsar's admin REST API (the broker's web service, `adminUrl`):
 *
 *   POST /admin/v2/persistent/<tenant>/<ns>/<topic>/retention         { retentionTimeInMinutes, retentionSizeInMB } → 204
 *   POST /admin/v2/namespaces/<tenant>/<ns>/retention                  same body                                  → 204
 *   PUT  /admin/v2/persistent/<tenant>/<ns>/<topic>/subscription/<sub>  (at the end of the topic)   → 204 | 409 exists
 *   POST /admin/v2/persistent/<tenant>/<ns>/<topic>/subscription/<sub>/resetcursor/<ms>                         → 204
 *   GET  /admin/v2/persistent/<tenant>/<ns>/<topic>/subscription/<sub>/properties        → 200 { name: value }
 *   PUT  /admin/v2/persistent/<tenant>/<ns>/<topic>/subscription/<sub>/properties        { name: value } → 204
 *
 * A topic-level policy needs the broker's `topicLevelPoliciesEnabled` (answered 405 otherwise). A token, when
 * configured, goes in the Authorization header and never into an error or a log line.
 *
 * Redirects: a broker that does not own a topic answers 307 with the owner's web address. `call` follows 301, 302,
 * 307 and 308 with the same method and body, at most {@link MAX_ADMIN_REDIRECTS} hops, only to the scheme of
 * `adminUrl` (an https admin never goes down to http, nor the reverse); the token goes only to the host and port of
 * `adminUrl`, so a redirect to another broker is sent without it (behind auth, point `adminUrl` at a Pulsar proxy,
 * which follows the redirect itself). Anything else is a non-retriable {@link PulsarAdminError}.
 */
import { TransportError } from '@cadenza/core';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LoadedTls } from '../client/tls-options';

/** Retention of a topic or namespace, as Pulsar's policy has it: -1 is no limit, 0 keeps nothing acknowledged. */
export interface PulsarRetentionPolicy {
  readonly sizeMb: number;
  readonly timeMinutes: number;
}

export interface PulsarAdmin {
  /** Sets the retention of one topic (`persistent://…`). */
  setTopicRetention(fullTopic: string, retention: PulsarRetentionPolicy): Promise<void>;
  /** Sets the retention of every topic of `tenant/namespace`. */
  setNamespaceRetention(tenant: string, namespace: string, retention: PulsarRetentionPolicy): Promise<void>;
  /**
   * Creates `subscription` at the end of the topic, with `properties` when given; `'exists'` when it was already
   * there (created by anyone; its properties are then left as they were).
   */
  createSubscription(fullTopic: string, subscription: string, properties?: Record<string, string>): Promise<'created' | 'exists'>;
  /** Moves `subscription` to the first message published at or after `time` (ms since epoch). */
  resetCursor(fullTopic: string, subscription: string, time: number): Promise<void>;
  /** The properties of `subscription` (`{}` when it has none). */
  subscriptionProperties(fullTopic: string, subscription: string): Promise<Record<string, string>>;
  /** Replaces the properties of `subscription`. */
  setSubscriptionProperties(fullTopic: string, subscription: string, properties: Record<string, string>): Promise<void>;
}

/** How many redirects one admin call follows before it fails. */
export const MAX_ADMIN_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 307, 308]);

/** A refusal or failure of an admin call; 5xx and network errors are retriable. */
export class PulsarAdminError extends TransportError {
  constructor(readonly what: string, readonly status: number | undefined, reason: string, options?: { cause?: unknown }) {
    super(`pulsar admin ${what}: ${status === undefined ? reason : `HTTP ${status} ${reason}`}`, status === undefined || status >= 500, options);
  }
}

export interface PulsarAdminOptions {
  /** `http://host:port` or `https://host:port` of the broker's web service. */
  readonly adminUrl: string;
  readonly token?: string;
  /** For an https `adminUrl`: the same CA and client certificate as the binary protocol. */
  readonly tls?: LoadedTls;
  readonly timeoutMs: number;
}

type Method = 'GET' | 'PUT' | 'POST';

const topicPath = (fullTopic: string): string =>
  fullTopic.replace('://', '/').split('/').map(encodeURIComponent).join('/');

const policyBody = (r: PulsarRetentionPolicy): string =>
  JSON.stringify({ retentionTimeInMinutes: r.timeMinutes, retentionSizeInMB: r.sizeMb });

export const createPulsarAdmin = (o: PulsarAdminOptions): PulsarAdmin => {
  const base = new URL(o.adminUrl);
  const once = (url: URL, method: Method, what: string, body?: string): Promise<{ status: number; reason: string; location?: string; text: string }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {
        ...(o.token !== undefined && url.host === base.host ? { authorization: `Bearer ${o.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
      };
      const options: RequestOptions = {
        host: url.hostname, port: url.port || (url.protocol === 'https:' ? 443 : 80), method,
        path: `${url.pathname}${url.search}`, headers, timeout: o.timeoutMs,
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const tls = url.protocol === 'https:' && o.tls
        ? { secureContext: o.tls.secureContext, rejectUnauthorized: o.tls.rejectUnauthorized, ...(o.tls.servername ? { servername: o.tls.servername } : {}) }
        : {};
      const req = send({ ...options, ...tls }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text = (text + chunk).slice(0, 64_000)));
        res.on('end', () => resolve({
          status: res.statusCode ?? 0, reason: reasonOf(text), text, ...(res.headers.location !== undefined ? { location: res.headers.location } : {}),
        }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
      req.on('error', (error) => reject(new PulsarAdminError(what, undefined, error.message, { cause: error })));
      req.end(body);
    });
  /** One admin call, following the owner's redirects (see the file's comment). */
  const call = async (method: Method, path: string, what: string, body?: string): Promise<{ status: number; reason: string; text: string }> => {
    let url = new URL(`${base.pathname.replace(/\/$/, '')}/admin/v2/${path}`, base);
    for (let hop = 0; ; hop++) {
      const answer = await once(url, method, what, body);
      if (!REDIRECTS.has(answer.status)) return answer;
      if (answer.location === undefined) throw new PulsarAdminError(what, answer.status, 'redirect without a Location');
      if (hop === MAX_ADMIN_REDIRECTS) throw new PulsarAdminError(what, answer.status, `more than ${MAX_ADMIN_REDIRECTS} redirects`);
      const next = new URL(answer.location, url);
      if (next.protocol !== base.protocol) {
        throw new PulsarAdminError(what, answer.status, `redirect from ${base.protocol} to ${next.protocol} refused`);
      }
      url = next;
    }
  };
  const expect = async (method: Method, path: string, what: string, body?: string, also: number[] = []): Promise<{ status: number; text: string }> => {
    const { status, reason, text } = await call(method, path, what, body);
    if ((status >= 200 && status < 300) || also.includes(status)) return { status, text };
    throw new PulsarAdminError(what, status, reason);
  };
  const subscriptionPath = (fullTopic: string, subscription: string): string =>
    `${topicPath(fullTopic)}/subscription/${encodeURIComponent(subscription)}`;
  return {
    setTopicRetention: async (fullTopic, retention) => {
      await expect('POST', `${topicPath(fullTopic)}/retention`, `setting the retention of ${fullTopic}`, policyBody(retention));
    },
    setNamespaceRetention: async (tenant, namespace, retention) => {
      const path = `namespaces/${encodeURIComponent(tenant)}/${encodeURIComponent(namespace)}/retention`;
      await expect('POST', path, `setting the retention of namespace ${tenant}/${namespace}`, policyBody(retention));
    },
    createSubscription: async (fullTopic, subscription, properties) => {
      const { status } = await expect('PUT', subscriptionPath(fullTopic, subscription), `creating subscription ${subscription} on ${fullTopic}`,
        properties === undefined ? undefined : JSON.stringify({ properties }), [409]);
      return status === 409 ? 'exists' : 'created';
    },
    resetCursor: async (fullTopic, subscription, time) => {
      await expect('POST', `${subscriptionPath(fullTopic, subscription)}/resetcursor/${Math.floor(time)}`,
        `moving subscription ${subscription} on ${fullTopic} to ${new Date(time).toISOString()}`);
    },
    subscriptionProperties: async (fullTopic, subscription) => {
      const what = `reading the properties of subscription ${subscription} on ${fullTopic}`;
      const { text } = await expect('GET', `${subscriptionPath(fullTopic, subscription)}/properties`, what);
      return stringMap(text, what);
    },
    setSubscriptionProperties: async (fullTopic, subscription, properties) => {
      await expect('PUT', `${subscriptionPath(fullTopic, subscription)}/properties`,
        `setting the properties of subscription ${subscription} on ${fullTopic}`, JSON.stringify(properties));
    },
  };
};

/** A JSON object of strings, as the broker answers properties; anything else is a non-retriable error. */
const stringMap = (text: string, what: string): Record<string, string> => {
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new PulsarAdminError(what, 200, 'the answer is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)
    || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new PulsarAdminError(what, 200, 'the answer is not an object of strings');
  }
  return parsed as Record<string, string>;
};

/** The broker's `{"reason": …}`, or the start of the body. */
const reasonOf = (text: string): string => {
  try {
    const parsed = JSON.parse(text) as { reason?: unknown };
    if (typeof parsed.reason === 'string') return parsed.reason;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 200);
};
