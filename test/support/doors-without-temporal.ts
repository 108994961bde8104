// The API and the console for tests of the doors that never reach Temporal: a request that would
// reach it is answered as when the cluster is down (503, saying so), which the console shows as such.
import type { ApiDeps } from '../../api/deps';
import type { Db } from '../../db/client';
import { ApiError } from '../../http/errors';
import type { HttpServer } from '../../http/server';
import { startDoors } from './doors';

const temporalUnreachable = 'Temporal at 127.0.0.1:1 is unreachable (no Temporal in this test); try again when it is back';

export function startDoorsWithoutTemporal(db: Db, secret: string, api: Pick<ApiDeps, 'outboxDir'> = {}): Promise<HttpServer> {
  const temporal = async () => {
    throw new ApiError(503, temporalUnreachable);
  };
  return startDoors(db, secret, temporal, api);
}
