import { expect, it } from 'vitest';
import { describeTouch } from '../../timeline/account-timeline';

it('shows a review touch in its own words, as sales and lifecycle touches are', () => {
  const text = 'decided by default (rule deadline default): nobody decided by the deadline';
  expect(describeTouch('review_decided', { text })).toBe(text);
  expect(describeTouch('review_opened', { text: 'review 1 opened for a person' })).toBe('review 1 opened for a person');
  expect(describeTouch('sales_accepted', { text: 'accepted by sally' })).toBe('accepted by sally');
});

it('keeps the engagement wording for touches without their own words', () => {
  expect(describeTouch('clicked', { source: 'tracked_link', tag: 'pricing' })).toBe('clicked (pricing) via tracked_link');
});
