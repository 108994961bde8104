// The API and the console on one real server (loopback port) over the caller's database, for tests
// of the doors that never reach Temporal: a request that would reach it is answered as when the
// cluster is down (503, saying so), which the console shows as such.
import { registerApi } from '../../api/api';
import type { ApiDeps } from '../../api/deps';
import { registerConsole } from '../../console/console';
import type { Db } from '../../db/client';
import { ApiError } from '../../http/errors';
import { startHttpServer, type HttpServer } from '../../http/server';

const temporalUnreachable = 'Temporal at 127.0.0.1:1 is unreachable (no Temporal in this test); try again when it is back';

export function startDoorsWithoutTemporal(db: Db, secret: string, api: Pick<ApiDeps, 'outboxDir'> = {}): Promise<HttpServer> {
  const temporal = async () => {
    throw new ApiError(503, temporalUnreachable);
  };
  return startHttpServer({
    port: 0,
    secret,
    onEvent: async () => 'recorded',
    routes: async (app) => {
      await registerApi(app, { db, temporal, taskQueue: 'unused', ...api });
      await registerConsole(app, { db, temporal, taskQueue: 'unused', secret, temporalUi: { url: 'http://localhost:8233', namespace: 'default' } });
    },
  });
}
