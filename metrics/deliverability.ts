// The counts behind the report's deliverability figures, for the report's accounts and period: three
// counting queries, whatever the number of accounts.
import type { Db } from '../db/client';
import { deliverability, type Deliverability } from '../domain/metrics/deliverability';
import type { Period } from '../domain/metrics/filter';

export async function collectDeliverability(db: Db, accountIds: readonly string[], period: Period): Promise<Deliverability> {
  const inScope = { accountId: { in: [...accountIds] } };
  const at = { gte: new Date(period.fromMs ?? 0), lt: new Date(period.toMs) };
  const [sent, bounced, complained] = await Promise.all([
    db.emailSend.count({ where: { ...inScope, status: 'sent', sentAt: at } }),
    // A touch per bounce, whether the relay refused the address at once or a report came later.
    db.touch.count({ where: { ...inScope, type: 'bounced', at } }),
    db.touch.count({ where: { ...inScope, type: 'complained', at } }),
  ]);
  return deliverability({ sent, bounced, complained });
}
