// The account timeline. Every write carries an idempotency key, so a retried or replayed activity
// records a touch once.
import type { Db, Tx } from '../db/client';
import { insertRows, jsonValue, type RowValue } from '../db/insert-rows';
import { timeOrderedId } from '../db/time-ordered-id';

export type TouchInput = {
  idempotencyKey: string;
  accountId: string;
  contactId?: string | null;
  workflowId?: string | null;
  journeyKey?: string | null;
  type: string;
  detail?: Record<string, unknown>;
  at: Date;
};

/** Not awaited here, so it can join a batched `db.$transaction([...])` as well as an interactive one. */
export function recordTouch(client: Db | Tx, touch: TouchInput) {
  const { idempotencyKey, detail, ...rest } = touch;
  return client.touch.upsert({
    where: { idempotencyKey },
    create: { idempotencyKey, ...rest, detail: detail as object | undefined },
    update: {},
    // Nobody reads the row back; returning only its id saves decoding it on every send.
    select: { id: true },
  });
}

/** The columns a touch written by Harpoon's own SQL fills, in the order of touchRow's values. */
export const touchColumns = ['id', 'accountId', 'contactId', 'workflowId', 'journeyKey', 'type', 'detail', 'idempotencyKey', 'at'] as const;

/** A new touch's values for touchColumns, with a new time-ordered id. */
export const touchRow = (t: TouchInput): RowValue[] => [
  timeOrderedId(), t.accountId, t.contactId ?? null, t.workflowId ?? null, t.journeyKey ?? null, t.type, jsonValue(t.detail), t.idempotencyKey, t.at,
];

/** Many new touches in one statement; their idempotency keys are known to be new (checked in the caller's transaction). */
export async function recordTouches(tx: Tx, touches: TouchInput[]): Promise<void> {
  await insertRows(tx, { table: 'Touch', columns: touchColumns, rows: touches.map(touchRow) });
}
