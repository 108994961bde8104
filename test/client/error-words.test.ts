// What `journeys status` says when Temporal cannot answer a journey's status query: the reason, not
// only the name of the call that failed.
import { ServiceError } from '@temporalio/client';
import { expect, it } from 'vitest';
import { errorWithCauses } from '../../client/error-words';
import { Prisma } from '../../generated/prisma/client';

it("says why a call failed, from the gRPC error under Temporal's own", () => {
  const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 /* UNAVAILABLE */, details: 'No connection established' });
  const err = new ServiceError('Failed to query Workflow', { cause: grpc });
  expect(errorWithCauses(err)).toBe('Failed to query Workflow: 14 UNAVAILABLE: No connection established');
});

it("keeps a handler's own message that only the details carry, and says nothing twice", () => {
  const handler = Object.assign(new Error('3 INVALID_ARGUMENT'), { details: 'the journey is still beginning; ask again in a moment' });
  expect(errorWithCauses(new Error('Failed to query Workflow', { cause: handler }))).toBe(
    'Failed to query Workflow: 3 INVALID_ARGUMENT: the journey is still beginning; ask again in a moment',
  );
  expect(errorWithCauses(new Error('relay down', { cause: new Error('relay down') }))).toBe('relay down');
});

it("says what the database said under Prisma's own message", () => {
  // As Prisma gives a busy SQLite file: its message says only that the operation timed out.
  const err = new Prisma.PrismaClientKnownRequestError('Operation has timed out', {
    code: 'P1008',
    clientVersion: Prisma.prismaVersion.client,
    meta: { modelName: 'Event', driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: 'SQLITE_BUSY', originalMessage: 'database is locked', kind: 'SocketTimeout' } } },
  });
  expect(errorWithCauses(err)).toBe('Operation has timed out: SQLITE_BUSY database is locked');
});
