// The account forecasts are checked on: tier 3 in Berlin, a champion in Tokyo (so times read in
// the recipient's zone) and a problem owner who unsubscribed (so a skip shows its rule).
import type { Db } from '../../db/client';

export function createForecastAccount(db: Db, domain: string, name: string) {
  return db.account.create({
    data: {
      domain,
      name,
      tier: 3,
      poolStatus: 'target',
      timezone: 'Europe/Berlin',
      contacts: {
        create: [
          { email: `champ@${domain}`, role: 'champion', seniority: 'manager', timezone: 'Asia/Tokyo' },
          { email: `gone@${domain}`, role: 'problem_owner', seniority: 'manager', consent: 'unsubscribed' },
        ],
      },
    },
  });
}
