/**
 * The few calls the transport makes to Pulsar's admin REST API (the broker's web service, `adminUrl`):
 *
 *   POST /admin/v2/persistent/<tenant>/<ns>/<topic>/retention         { retentionTimeInMinutes, retentionSizeInMB } → 204
 *   POST /admin/v2/namespaces/<tenant>/<ns>/retention                  same body                                  → 204
 *   PUT  /admin/v2/persistent/<tenant>/<ns>/<topic>/subscription/<sub>  (at the end of the topic)   → 204 | 409 exists
 *   POST /admin/v2/persistent/<tenant>/<ns>/<topic>/subscription/<sub>/resetcursor/<ms>                         → 204
 *
 * A topic-level policy needs the broker's `topicLevelPoliciesEnabled` (answered 405 otherwise). A token, when
 * configured, goes in the Authorization header and never into an error or a log line.
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
  /** Creates `subscription` at the end of the topic; `'exists'` when it was already there (created by anyone). */
  createSubscription(fullTopic: string, subscription: string): Promise<'created' | 'exists'>;
  /** Moves `subscription` to the first message published at or after `time` (ms since epoch). */
  resetCursor(fullTopic: string, subscription: string, time: number): Promise<void>;
}

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

const topicPath = (fullTopic: string): string =>
  fullTopic.replace('://', '/').split('/').map(encodeURIComponent).join('/');

const policyBody = (r: PulsarRetentionPolicy): string =>
  JSON.stringify({ retentionTimeInMinutes: r.timeMinutes, retentionSizeInMB: r.sizeMb });

export const createPulsarAdmin = (o: PulsarAdminOptions): PulsarAdmin => {
  const base = new URL(o.adminUrl);
  const call = (method: 'PUT' | 'POST', path: string, what: string, body?: string): Promise<{ status: number; reason: string }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {
        ...(o.token !== undefined ? { authorization: `Bearer ${o.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
      };
      const options: RequestOptions = {
        host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), method,
        path: `${base.pathname.replace(/\/$/, '')}/admin/v2/${path}`, headers, timeout: o.timeoutMs,
      };
      const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
      const tls = base.protocol === 'https:' && o.tls
        ? { secureContext: o.tls.secureContext, rejectUnauthorized: o.tls.rejectUnauthorized, ...(o.tls.servername ? { servername: o.tls.servername } : {}) }
        : {};
      const req = send({ ...options, ...tls }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text = (text + chunk).slice(0, 2_000)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reason: reasonOf(text) }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
      req.on('error', (error) => reject(new PulsarAdminError(what, undefined, error.message, { cause: error })));
      req.end(body);
    });
  const expect = async (method: 'PUT' | 'POST', path: string, what: string, body?: string, also: number[] = []): Promise<number> => {
    const { status, reason } = await call(method, path, what, body);
    if ((status >= 200 && status < 300) || also.includes(status)) return status;
    throw new PulsarAdminError(what, status, reason);
  };
  return {
    setTopicRetention: async (fullTopic, retention) => {
      await expect('POST', `${topicPath(fullTopic)}/retention`, `setting the retention of ${fullTopic}`, policyBody(retention));
    },
    setNamespaceRetention: async (tenant, namespace, retention) => {
      const path = `namespaces/${encodeURIComponent(tenant)}/${encodeURIComponent(namespace)}/retention`;
      await expect('POST', path, `setting the retention of namespace ${tenant}/${namespace}`, policyBody(retention));
    },
    createSubscription: async (fullTopic, subscription) => {
      const status = await expect('PUT', `${topicPath(fullTopic)}/subscription/${encodeURIComponent(subscription)}`,
        `creating subscription ${subscription} on ${fullTopic}`, undefined, [409]);
      return status === 409 ? 'exists' : 'created';
    },
    resetCursor: async (fullTopic, subscription, time) => {
      await expect('POST', `${topicPath(fullTopic)}/subscription/${encodeURIComponent(subscription)}/resetcursor/${Math.floor(time)}`,
        `moving subscription ${subscription} on ${fullTopic} to ${new Date(time).toISOString()}`);
    },
  };
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
