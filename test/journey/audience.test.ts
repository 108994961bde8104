import { describe, expect, it } from 'vitest';
import { summarizeEngagement } from '../../domain/engagement/score';
import { selectRecipients } from '../../domain/journey/audience';
import type { EmailStep } from '../../domain/journey/definition';

const now = Date.UTC(2026, 0, 5);
const contacts = [
  { id: 'ceo', role: 'decision_maker', seniority: 'executive' },
  { id: 'cfo', role: 'budget_holder', seniority: 'executive' },
  { id: 'ops', role: 'problem_owner', seniority: 'manager' },
  { id: 'fan', role: 'champion', seniority: null },
];
const email = (audience: EmailStep['audience'], onlyIfNotEngaged?: boolean): EmailStep => ({
  id: 'e',
  type: 'email',
  template: 'intro',
  audience,
  onlyIfNotEngaged,
});
const ids = (list: { id: string }[]) => list.map((c) => c.id);
const nobodyEngaged = summarizeEngagement([], now);

describe('selectRecipients', () => {
  it('picks contacts by role, by seniority, or by both at once', () => {
    expect(ids(selectRecipients(email({ roles: ['champion', 'problem_owner'] }), contacts, nobodyEngaged))).toEqual(['ops', 'fan']);
    expect(ids(selectRecipients(email({ seniority: ['executive'] }), contacts, nobodyEngaged))).toEqual(['ceo', 'cfo']);
    expect(ids(selectRecipients(email({ roles: ['decision_maker', 'problem_owner'], seniority: ['executive'] }), contacts, nobodyEngaged))).toEqual(['ceo']);
  });

  it('leaves out contacts who already engaged when the step says only if not engaged', () => {
    const engaged = summarizeEngagement([{ eventId: 'x', type: 'clicked', contactId: 'ops', role: 'problem_owner', atMs: now }], now);
    const step = email({ roles: ['champion', 'problem_owner'] }, true);
    expect(ids(selectRecipients(step, contacts, engaged))).toEqual(['fan']);
    expect(ids(selectRecipients({ ...step, onlyIfNotEngaged: false }, contacts, engaged))).toEqual(['ops', 'fan']);
  });
});
