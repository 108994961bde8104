// The account timeline. Every write carries an idempotency key, so a retried or replayed activity
// records a touch once.
import type { Tx } from '../db/client';

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

export async function recordTouch(tx: Tx, touch: TouchInput): Promise<void> {
  const { idempotencyKey, detail, ...rest } = touch;
  await tx.touch.upsert({
    where: { idempotencyKey },
    create: { idempotencyKey, ...rest, detail: detail as object | undefined },
    update: {},
  });
}
