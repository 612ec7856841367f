import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake admin API received. */
export interface AdminRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly authorization?: string;
}

/** What a route answers: a status, and optionally a JSON body or headers. */
export interface AdminAnswer {
  readonly status: number;
  readonly json?: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * An HTTP server on 127.0.0.1 standing in for Pulsar's admin REST API: `answer` decides each reply, every request is
 * kept in `requests`.
 */
export const fakeAdmin = async (answer: (request: AdminRequest) => AdminAnswer) => {
  const requests: AdminRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request: AdminRequest = {
        method: req.method ?? '', url: req.url ?? '', body,
        ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
      };
      requests.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, { ...(reply.json !== undefined ? { 'content-type': 'application/json' } : {}), ...reply.headers });
      res.end(reply.json === undefined ? undefined : JSON.stringify(reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
