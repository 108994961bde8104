// A webhook receiver on loopback for the reach tests: records every request (path, headers, raw
// body, when) and answers from a script per path (e.g. 500 then 200, or 429 with Retry-After);
// once a path's script is used up it answers 200.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; atMs: number };
export type Answer = { status: number; headers?: Record<string, string> };

export async function startRecordingReceiver() {
  const received: Received[] = [];
  const scripts = new Map<string, Answer[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), atMs: Date.now() });
      const answer = scripts.get(path)?.shift() ?? { status: 200 };
      res.writeHead(answer.status, answer.headers).end(answer.status >= 400 ? 'not now' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    /** The answers `path` gives to its next requests, in order. */
    script: (path: string, answers: Answer[]) => scripts.set(path, answers),
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
