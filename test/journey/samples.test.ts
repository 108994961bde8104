// The journeys shipped in journeys/ must validate against the templates that ship with Harpoon.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JourneyDefinition } from '../../domain/journey/definition';
import { validateJourney } from '../../domain/journey/validate';
import { validateEvent } from '../../programme-events/event-file';
import { readJourneyFile } from '../../journeys/load';

const journeysDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../journeys');
const shippedTemplates = ['intro', 'case-study', 'pricing-guide', 'exec-briefing', 'technical-deep-dive', 'nurture-digest', 'last-call', 'event-invitation', 'event-reminder'];
const checkTemplate = (key: string) => ({ exists: shippedTemplates.includes(key), errors: [] });

function load(file: string): JourneyDefinition {
  const result = validateJourney(readJourneyFile(path.join(journeysDir, file)), checkTemplate);
  if (!result.ok) throw new Error(`${file}:\n${result.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  return result.definition;
}

const emails = (def: JourneyDefinition) => def.stages.flatMap((s) => s.steps).filter((s) => s.type === 'email');

describe('shipped journeys', () => {
  it.each([
    ['demo.yaml', 'demo'],
    ['tier1-executive.yaml', 'tier1-executive'],
    ['tier3-nurture.yaml', 'tier3-nurture'],
  ])('%s validates as journey %s', (file, key) => {
    expect(load(file).key).toBe(key);
  });

  it('names the demo journey for newcomers and starts it with an intro to champions and problem owners', () => {
    const demo = load('demo.yaml');
    expect(demo.name).toBe('Demo journey');
    expect(emails(demo)[0]).toMatchObject({ template: 'intro', audience: { roles: ['champion', 'problem_owner'] } });
  });

  it('aims the tier 1 programme at executives of tier 1 accounts, weeks apart, and moves on pricing clicks and inquiries', () => {
    const tier1 = load('tier1-executive.yaml');
    expect(tier1.entry.tiers).toEqual([1]);
    const first = emails(tier1)[0]!;
    expect(first.audience).toEqual({ roles: ['decision_maker', 'budget_holder'], seniority: ['executive'] });
    const waits = tier1.stages.flatMap((s) => s.steps).filter((s) => s.type === 'wait' && s.duration !== undefined);
    expect(waits.every((w) => w.type === 'wait' && w.duration?.endsWith('w'))).toBe(true);
    expect(tier1.triggers).toContainEqual({ on: { type: 'clicked', tag: 'pricing' }, then: { goto: 'convert' } });
    expect(tier1.triggers).toContainEqual({ on: { type: 'inquiry' }, then: { goto: 'convert' } });
  });

  it('invites tier 1 executives to the sample roundtable, which exists and validates', () => {
    const invite = load('tier1-executive.yaml').stages.flatMap((s) => s.steps).find((s) => s.type === 'invite');
    expect(invite).toMatchObject({ event: 'exec-roundtable-2027', audience: { seniority: ['executive'] }, on: { attended: { stage: 'convert' } } });
    const event = validateEvent(readJourneyFile(path.resolve(journeysDir, '../samples/events/exec-roundtable-2027.yaml')));
    expect(event).toMatchObject({ ok: true, event: { key: 'exec-roundtable-2027', kind: 'roundtable' } });
  });

  it('nurtures tier 3 accounts with role-specific emails days apart, and converts on inquiry', () => {
    const tier3 = load('tier3-nurture.yaml');
    expect(tier3.entry.tiers).toEqual([3]);
    const audiences = new Set(emails(tier3).map((e) => JSON.stringify(e.audience.roles)));
    expect(audiences.size).toBeGreaterThanOrEqual(4);
    const waits = tier3.stages.flatMap((s) => s.steps).filter((s) => s.type === 'wait');
    expect(waits.every((w) => w.type === 'wait' && w.duration?.endsWith('d'))).toBe(true);
    expect(tier3.triggers).toContainEqual({ on: { type: 'inquiry' }, then: { goto: 'convert' } });
  });

  it('hands tier 1 accounts to sales on their MQA rule and tier 3 accounts on an inquiry', () => {
    const tier1 = load('tier1-executive.yaml');
    expect(JSON.stringify(tier1.sales?.mqa)).toContain('decision_maker');
    expect(tier1.goals).toContainEqual({ when: 'handoff_accepted', exit: 'handoff_accepted' });
    expect(load('tier3-nurture.yaml').sales).toMatchObject({ mqa: { eventSeen: { type: 'inquiry' } }, onRejected: { goto: 'engage' } });
  });
});
