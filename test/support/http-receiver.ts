/**
 * A local HTTP receiver (node:http on a free loopback port) standing in for Slack, Teams, PagerDuty or a webhook
 * endpoint: it records every request and answers 200, or what a test queued for a path (429, 500, 400...).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface Answer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Receiver {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** The next requests to `path` get these answers, in order; later ones get 200 again. */
  answer(path: string, ...answers: Answer[]): void;
  /** Requests received on `path`, oldest first. */
  on(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const queued = new Map<string, Answer[]>();
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://receiver.invalid').pathname;
      received.push({ method: request.method ?? 'GET', path, headers: { ...request.headers }, body });
      const answer = queued.get(path)?.shift() ?? { status: 200, body: 'ok' };
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(path, ...answers) {
      queued.set(path, [...(queued.get(path) ?? []), ...answers]);
    },
    on: (path) => received.filter((request) => request.path === path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
