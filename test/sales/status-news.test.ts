// What a journey waiting on a sales task takes as news: a task's status only moves forward, and a
// journey that joined a task may hear one change twice (the answer that let it join, the signal).
import { describe, expect, it } from 'vitest';
import { acceptedBy, isStatusNews } from '../../domain/sales/status-news';

describe('isStatusNews', () => {
  it('takes the first word of a task, and every later status', () => {
    expect(isStatusNews(undefined, 'queued')).toBe(true);
    expect(isStatusNews('queued', 'created')).toBe(true);
    expect(isStatusNews('created', 'accepted')).toBe(true);
    expect(isStatusNews('accepted', 'rejected')).toBe(true);
    expect(isStatusNews('opportunity', 'won')).toBe(true);
  });

  it('ignores the same change heard twice and a change older than what was heard', () => {
    expect(isStatusNews('accepted', 'accepted')).toBe(false);
    expect(isStatusNews('accepted', 'created')).toBe(false);
    expect(isStatusNews('rejected', 'accepted')).toBe(false);
    expect(isStatusNews('won', 'lost')).toBe(false);
  });

  it('takes a revised opportunity (new amount or date) as news', () => {
    expect(isStatusNews('opportunity', 'opportunity')).toBe(true);
  });

  it('counts a task accepted or at the opportunity stage as accepted for a journey that joins it', () => {
    expect(['queued', 'created', 'accepted', 'opportunity'].map((s) => acceptedBy(s as never))).toEqual([false, false, true, true]);
  });
});
