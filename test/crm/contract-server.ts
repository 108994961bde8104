// What both CRM contract servers share: a real HTTP server on loopback that checks the bearer
// token, parses JSON bodies, answers each request from its routes, and can be told to answer the
// next requests with a failure (a 429 with its headers, a 5xx, a 401) to see the client cope.
import http from 'node:http';
import { freePort } from '../support/free-port';

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
export type ContractRequest = { method: string; path: string; query: URLSearchParams; body: unknown };
export type Route = (req: ContractRequest) => Answer | undefined;

export type ContractServer = {
  url: string;
  /** Every request that reached a route or a planned failure, in order: "POST /crm/v3/objects/companies". */
  requests: string[];
  /** The next `times` requests get this answer instead (then the routes answer again). */
  failNext(answer: Answer, times?: number): void;
  /** The next such request is carried out, but its answer is lost: the client gets a 502 from a proxy. */
  loseAnswerTo(method: string, path: string): void;
  close(): Promise<void>;
};

export async function startContractServer(opts: { token: string; unauthorized: Answer; notFound: (req: ContractRequest) => Answer; route: Route }): Promise<ContractServer> {
  const planned: Answer[] = [];
  const requests: string[] = [];
  const losing: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://contract');
      const text = Buffer.concat(chunks).toString('utf8');
      const request: ContractRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: text === '' ? undefined : JSON.parse(text) };
      requests.push(`${request.method} ${request.path}`);
      let answer =
        planned.shift() ??
        (req.headers.authorization !== `Bearer ${opts.token}` ? opts.unauthorized : (opts.route(request) ?? opts.notFound(request)));
      const lost = losing.indexOf(`${request.method} ${request.path}`);
      if (lost >= 0) {
        losing.splice(lost, 1);
        answer = { status: 502, body: { message: 'Bad Gateway' } };
      }
      res.writeHead(answer.status, { ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }), ...answer.headers });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(answer, times = 1) {
      for (let i = 0; i < times; i++) planned.push(answer);
    },
    loseAnswerTo(method, path) {
      losing.push(`${method} ${path}`);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
