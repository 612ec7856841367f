import { request } from 'node:http';

/** One call to the test broker's admin REST API (127.0.0.1:8080); resolves with the status code. */
export const admin = (method: 'PUT' | 'POST' | 'DELETE', path: string, body?: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: 8080, method, path: `/admin/v2/${path}`,
      headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });

/** `persistent://t/n/x` as the admin API's path, `persistent/t/n/x`. */
export const adminPath = (fullTopic: string): string => fullTopic.replace('://', '/');

/** Unloads a topic: the broker closes its producers and consumers (CLOSE_PRODUCER / CLOSE_CONSUMER). */
export const unloadTopic = (fullTopic: string) => admin('PUT', `${adminPath(fullTopic)}/unload`);

/** Creates a partitioned topic with `partitions` partitions. */
export const createPartitionedTopic = (fullTopic: string, partitions: number) =>
  admin('PUT', `${adminPath(fullTopic)}/partitions`, String(partitions));

/** Creates the namespace `public/<name>` unless it exists. */
export const ensureNamespace = async (name: string): Promise<void> => {
  const status = await admin('PUT', `namespaces/public/${name}`);
  if (status !== 204 && status !== 409) throw new Error(`creating namespace public/${name}: HTTP ${status}`);
};

/** Allows only `types` of subscriptions in `public/<namespace>` (none given: every type again). */
export const allowSubscriptionTypes = async (namespace: string, types?: readonly string[]): Promise<void> => {
  const path = `namespaces/public/${namespace}/subscriptionTypesEnabled`;
  const status = types === undefined ? await admin('DELETE', path) : await admin('POST', path, JSON.stringify(types));
  if (status !== 204) throw new Error(`setting ${path}: HTTP ${status}`);
};
