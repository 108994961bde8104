// A headless Temporal dev server for one test file, every port it listens on chosen by the tests
// (see free-port.ts) except the three it picks for its own services.
import { startDevServer, type DevServer, type DevServerOptions } from '../../temporal/dev-server';
import { freePort } from './free-port';

export async function startTestDevServer(opts: Partial<DevServerOptions> = {}): Promise<DevServer> {
  const port = await freePort();
  return startDevServer({
    port,
    uiPort: port + 1000,
    httpPort: await freePort(),
    metricsPort: await freePort(),
    namespace: 'default',
    headless: true,
    ...opts,
  });
}
