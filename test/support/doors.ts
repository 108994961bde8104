// The API and the console on one real server (loopback port) over the caller's database and the
// caller's Temporal client (the time-skipping test server's, or one that says the cluster is down).
import type { Client } from '@temporalio/client';
import { registerApi } from '../../api/api';
import type { ApiDeps } from '../../api/deps';
import { registerConsole } from '../../console/console';
import type { Db } from '../../db/client';
import { startHttpServer, type HttpServer } from '../../http/server';

export function startDoors(db: Db, secret: string, temporal: () => Promise<Client>, api: Pick<ApiDeps, 'outboxDir'> = {}): Promise<HttpServer> {
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
