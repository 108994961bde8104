// A connection closed while one of its calls waits to be retried (the cluster was unreachable, and
// the caller gave up and closed it, as a status probe with a timeout does): the call ends with an
// error, later calls on the closed connection too, and the process goes on. With the SDK's own retry,
// the retry's timer threw "Channel has been shut down" where nothing could catch it, ending the process.
import net from 'node:net';
import { Connection } from '@temporalio/client';
import { expect, it } from 'vitest';
import { grpcInterceptors } from '../../temporal/grpc-retry';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

it('ends a call whose connection closed while it waited for a retry, and the process goes on', async () => {
  const uncaught: unknown[] = [];
  const note = (err: unknown) => uncaught.push(err);
  process.on('uncaughtException', note);
  try {
    const connection = Connection.lazy({ address: `127.0.0.1:${await closedPort()}`, interceptors: grpcInterceptors });
    const call = connection.workflowService.getSystemInfo({});
    // The first attempt is refused at once; its retry waits about 100 ms, and the connection closes meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 30));
    await connection.close();
    await expect(call).rejects.toThrow('Channel has been shut down');
    await expect(connection.workflowService.getSystemInfo({})).rejects.toThrow('Channel has been shut down');
    // Past every back-off the SDK would have waited for.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(uncaught).toEqual([]);
  } finally {
    process.off('uncaughtException', note);
  }
}, 15_000);
