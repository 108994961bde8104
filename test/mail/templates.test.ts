import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audienceFor } from '../../mail/audience';
import { withIndefiniteArticle } from '../../domain/words/indefinite-article';
import { checkTemplate, createTemplateStore, listTemplates, renderTemplate, TemplateError } from '../../mail/templates';
import { contextFor } from './support';

const SHIPPED = ['case-study', 'exec-briefing', 'intro', 'last-call', 'nurture-digest', 'pricing-guide', 'technical-deep-dive'];
const links = { unsubscribe: 'https://go.example.com/u/token-123' };
/** Invitations and reminders of invite steps, and the notices of a seat freed for the waitlisted and of an event's new time: they also read the event and its answer links. */
const EVENT_TEMPLATES = ['event-invitation', 'event-moved', 'event-reminder', 'event-seat-offered'];

// One person per role the domain names, with the audience each should read.
const PEOPLE = [
  { role: 'executive', seniority: 'executive', audience: 'leader' },
  { role: 'budget_holder', seniority: 'manager', audience: 'leader' },
  { role: 'procurement', seniority: 'manager', audience: 'leader' },
  { role: 'problem_owner', seniority: 'executive', audience: 'leader' },
  { role: 'problem_owner', seniority: 'manager', audience: 'user' },
  { role: 'end_user', seniority: 'individual', audience: 'user' },
  { role: 'technical_evaluator', seniority: 'individual', audience: 'user' },
  { role: 'champion', seniority: 'manager', audience: 'champion' },
  { role: 'unknown', seniority: '', audience: 'user' },
] as const;

describe('audienceFor', () => {
  it.each(PEOPLE)('$role ($seniority) reads as $audience', ({ role, seniority, audience }) => {
    expect(audienceFor(role, seniority)).toBe(audience);
  });

  it('accepts the spellings people type', () => {
    expect(audienceFor('Budget Holder', 'manager')).toBe('leader');
    expect(audienceFor('technical-evaluator', 'executive')).toBe('user');
  });
});

describe('shipped templates', () => {
  it('are exactly the ones the sample journeys use', () => {
    expect(listTemplates()).toEqual([...SHIPPED, ...EVENT_TEMPLATES].sort());
  });

  it.each(EVENT_TEMPLATES)('%s passes the check, and renders the event and the answer links', async (key) => {
    expect(checkTemplate(key)).toEqual({ exists: true, errors: [] });
    const event = { title: 'Supply risk roundtable', kind: 'roundtable', description: 'Two hours', starts: 'Thursday 4 March 2027 at 17:00', ends: '19:00', timezone: 'Europe/Berlin', where: 'Hamburg' };
    const answerLinks = { ...links, register: 'https://go.example.com/e/register?t=r', decline: 'https://go.example.com/e/decline?t=d' };
    const email = await renderTemplate(key, { ...contextFor('budget_holder', 'executive'), links: answerLinks, event });
    expect(email.subject).toContain('Supply risk roundtable');
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Thursday 4 March 2027 at 17:00');
      expect(part).toContain('https://go.example.com/e/decline?t=d');
      expect(part).toContain(links.unsubscribe);
    }
    if (key === 'event-invitation') expect(email.text).toContain('https://go.example.com/e/register?t=r');
  });

  it.each([
    ['event-seat-offered', 'A seat freed up at Supply risk roundtable'],
    ['event-reminder', 'A reminder that you are registered for Supply risk roundtable'],
    ['event-moved', 'Supply risk roundtable has moved to a new time'],
  ])('%s greets once, as the layout does, and then says its news', async (key, news) => {
    const event = { title: 'Supply risk roundtable', kind: 'roundtable', description: '', starts: 'Thursday 4 March 2027 at 17:00', ends: '19:00', timezone: 'Europe/Berlin', where: 'Hamburg' };
    const answerLinks = { ...links, register: 'https://go.example.com/e/register?t=r', decline: 'https://go.example.com/e/decline?t=d' };
    const email = await renderTemplate(key, { ...contextFor('champion', 'manager'), links: answerLinks, event });
    expect(email.text).toContain(`Hello Mia,\n\n${news}`);
    expect(email.html).toContain(news.replace('Supply risk roundtable', '<strong>Supply risk roundtable</strong>'));
    for (const part of [email.text, email.html]) expect(part.match(/Mia/g)).toHaveLength(1);
  });

  it('invites without promising what is not so: no link to forward, no few seats at a large webinar', async () => {
    const event = { title: 'Line feeding at scale', kind: 'webinar', description: '', starts: 'Thursday 4 March 2027 at 17:00', ends: '18:00', timezone: 'Europe/Berlin', where: 'https://meet.example/w' };
    const answerLinks = { ...links, register: 'https://go.example.com/e/register?t=r', decline: 'https://go.example.com/e/decline?t=d' };
    const invitation = (role: string, seniority: string) => renderTemplate('event-invitation', { ...contextFor(role, seniority), links: answerLinks, event });
    // The register link is signed for this invitee: a colleague it is forwarded to would register them.
    const champion = await invitation('champion', 'manager');
    for (const part of [champion.text, champion.html]) {
      expect(part).toContain('Colleagues at Acme Axles are welcome too: reply with the names of those who should come.');
      expect(part).not.toMatch(/forward|own link/);
    }
    const leader = await invitation('budget_holder', 'executive');
    for (const part of [leader.text, leader.html]) expect(part).not.toContain('Seats are few');
  });

  it.each(SHIPPED)('%s passes the check', (key) => {
    expect(checkTemplate(key)).toEqual({ exists: true, errors: [] });
  });

  it('checks a template already sent by the same process, as `npm start` publishes journeys beside its worker', async () => {
    const store = createTemplateStore(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../templates'));
    await store.renderTemplate('intro', { ...contextFor('champion', 'manager'), links });
    expect(store.checkTemplate('intro')).toEqual({ exists: true, errors: [] });
    // And while a send of a template not rendered before is still composing (its MJML compiles).
    const sending = store.renderTemplate('case-study', { ...contextFor('executive', 'executive'), links });
    expect(store.checkTemplate('case-study')).toEqual({ exists: true, errors: [] });
    expect((await sending).html).toContain('Mia');
  });

  it.each(SHIPPED)('%s renders for every role, personalised, with both parts and the unsubscribe link', async (key) => {
    const byAudience = new Map<string, string>();
    for (const person of PEOPLE) {
      const email = await renderTemplate(key, { ...contextFor(person.role, person.seniority), links });
      expect(email.subject).not.toMatch(/\n/);
      expect(email.html).toMatch(/^<!doctype html>/i);
      for (const part of [email.html, email.text]) {
        expect(part).toContain('Mia');
        expect(part).toContain(links.unsubscribe);
      }
      expect(`${email.subject} ${email.text}`).toContain('Acme Axles');
      byAudience.set(person.audience, email.text);
    }
    // Each audience reads its own content.
    expect(new Set(byAudience.values()).size).toBe(3);
  });

  it('picks content blocks by role: leaders read results, users daily use, champions shareable material', async () => {
    const render = (role: string, seniority: string) => renderTemplate('intro', { ...contextFor(role, seniority), links });
    const leader = await render('budget_holder', 'executive');
    const user = await render('end_user', 'individual');
    const champion = await render('champion', 'manager');
    for (const part of ['html', 'text'] as const) {
      expect(leader[part]).toContain('lower landed cost');
      expect(leader[part]).not.toContain('kanban bins');
      expect(user[part]).toContain('kanban bins');
      expect(user[part]).not.toContain('lower landed cost');
      expect(champion[part]).toContain('two-page overview');
    }
  });

  it('escapes contact data in the HTML part but not in the text part', async () => {
    const ctx = contextFor('champion', 'manager');
    const email = await renderTemplate('intro', { ...ctx, contact: { ...ctx.contact, firstName: '<b>Mia</b>' }, links });
    expect(email.html).toContain('&lt;b&gt;Mia&lt;/b&gt;');
    expect(email.html).not.toContain('<b>Mia</b>');
    expect(email.text).toContain('Hello <b>Mia</b>,');
  });

  it('greets people whose first name is unknown', async () => {
    const ctx = contextFor('end_user', 'individual');
    const email = await renderTemplate('case-study', { ...ctx, contact: { ...ctx.contact, firstName: '' }, links });
    expect(email.text).toContain('Hello there,');
  });

  it('puts "an" before an industry that starts with a vowel sound, and "a" before the others', async () => {
    const ctx = contextFor('end_user', 'individual');
    const subject = async (industry: string) => (await renderTemplate('case-study', { ...ctx, account: { ...ctx.account, industry }, links })).subject;
    expect(await subject('Aerospace')).toBe('How an aerospace plant cut line stoppages by 40%');
    expect(await subject('Medical Devices')).toBe('How a medical devices plant cut line stoppages by 40%');
    expect(await subject('')).toBe('How a manufacturing plant cut line stoppages by 40%');
    expect(['hour', 'university', 'European', 'one-off', 'uninterrupted', 'Oil and gas'].map(withIndefiniteArticle)).toEqual([
      'an hour',
      'a university',
      'a European',
      'a one-off',
      'an uninterrupted',
      'an Oil and gas',
    ]);
  });

  it('names the template and the problem when rendering fails', async () => {
    await expect(renderTemplate('no-such-template', { ...contextFor('champion', ''), links })).rejects.toThrow(
      /template "no-such-template": no such template \(known: case-study, /,
    );
    const broken = { ...contextFor('champion', ''), links: { unsubscribe: 'not a url' } };
    await expect(renderTemplate('intro', broken)).rejects.toThrow(TemplateError);
    await expect(renderTemplate('intro', broken)).rejects.toThrow(/context\.links\.unsubscribe/);
  });
});

describe('checkTemplate over an injected directory', () => {
  const store = createTemplateStore(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'templates'));
  const errorsOf = (key: string) => store.checkTemplate(key).errors;

  it('lists templates but not layouts', () => {
    expect(store.listTemplates()).not.toContain('_layout');
    expect(store.listTemplates()).toContain('good');
  });

  it('passes a valid template', () => {
    expect(store.checkTemplate('good')).toEqual({ exists: true, errors: [] });
  });

  it('says when a template does not exist, and never looks outside its directory', () => {
    expect(store.checkTemplate('nope')).toEqual({ exists: false, errors: [] });
    expect(store.checkTemplate('../fixtures')).toEqual({ exists: false, errors: [] });
    expect(store.checkTemplate('_layout')).toEqual({ exists: false, errors: [] });
  });

  it('finds a misspelt variable even in a branch no sample renders, with file and line', () => {
    expect(errorsOf('unknown-variable')).toEqual([
      expect.stringMatching(/^unknown-variable\/body\.mjml\.liquid:4: unknown variable account\.nmae \(known: .*account\.name/),
    ]);
  });

  it('validates the rendered MJML strictly, naming the audience whose block is broken', () => {
    expect(errorsOf('bad-mjml')).toEqual([
      expect.stringMatching(/^bad-mjml\/body\.mjml\.liquid \(as rendered\): line \d+: <mj-txt> Element mj-txt doesn't exist.*\(for user\)$/),
    ]);
  });

  it('rejects an unknown audience, an unknown filter and a bad link tag, with their lines', () => {
    expect(errorsOf('bad-audience')).toEqual([
      expect.stringMatching(/^bad-audience\/body\.txt\.liquid: unknown audience "leaders" \(expected leader, user, champion\), line:3/),
    ]);
    expect(errorsOf('bad-filter')).toEqual([expect.stringMatching(/^bad-filter\/subject\.liquid: undefined filter: shout, line:1/)]);
    expect(errorsOf('bad-link-tag')).toEqual([expect.stringMatching(/^bad-link-tag\/body\.txt\.liquid: track: a tag is lower-case/)]);
  });

  it('requires the unsubscribe link in both parts, and all three files', () => {
    expect(errorsOf('no-unsubscribe')).toEqual([expect.stringMatching(/^no-unsubscribe\/body\.txt\.liquid: never renders \{\{ links\.unsubscribe \}\}/)]);
    expect(errorsOf('missing-part')).toEqual(['missing-part/body.txt.liquid: missing']);
  });

  it('fails the render of a broken template with a TemplateError', async () => {
    await expect(store.renderTemplate('bad-mjml', { ...contextFor('end_user', 'individual'), links })).rejects.toThrow(
      /template "bad-mjml": bad-mjml\/body\.mjml\.liquid \(as rendered\): line \d+: <mj-txt>/,
    );
  });
});
