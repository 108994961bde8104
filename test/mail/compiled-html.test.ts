// The two-stage HTML render (MJML compiled once per template, audience and stage; Liquid per
// recipient) must give every recipient the very bytes the whole per-recipient render gives.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { createTemplateStore, type TemplateContext } from '../../mail/templates';

const here = path.dirname(fileURLToPath(import.meta.url));
const STAGES = ['identify', 'engage', 'convert', 'deliver', 'expand'];
const PEOPLE = [
  { role: 'executive', seniority: 'executive' },
  { role: 'end_user', seniority: 'individual' },
  { role: 'champion', seniority: 'manager' },
  { role: 'unknown', seniority: '' },
];
// Names and fields that escaping, empty defaults and family-name-first addressing treat differently.
const NAMES = [
  { firstName: 'Mia', lastName: 'Berg', title: 'Plant Director', account: 'Acme Axles', industry: 'Automotive' },
  { firstName: '<b>Jo</b> & "Co"', lastName: "O'Neil", title: '', account: 'Smith & Sons <GmbH>', industry: '' },
  { firstName: '', lastName: '', title: 'CFO', account: 'Ünal Çelik A.Ş.', industry: 'Medical Devices' },
  { firstName: '超', lastName: '吴', title: '厂长', account: '吴氏精密', industry: 'Electronics' },
];

const EVENT = { title: 'Supply risk roundtable', kind: 'roundtable', description: 'Two hours', starts: 'Thursday 4 March 2027 at 17:00', ends: '19:00', timezone: 'Europe/Berlin', where: 'Hamburg' };

function contexts(): TemplateContext[] {
  return STAGES.flatMap((stage) =>
    PEOPLE.flatMap(({ role, seniority }) =>
      NAMES.map((n, i) => ({
        contact: { firstName: n.firstName, lastName: n.lastName, title: n.title, role, seniority },
        account: { name: n.account, industry: n.industry },
        stage,
        links: {
          unsubscribe: `https://go.example.com/u/token-${i}?a=1&b=2`,
          // Read by the invitation and reminder templates of invite steps only.
          register: `https://go.example.com/e/register?t=r-${i}`,
          decline: `https://go.example.com/e/decline?t=d-${i}`,
        },
        event: { ...EVENT, title: `${EVENT.title} <${i}> & co` },
      })),
    ),
  );
}

// Like compose.ts: every recipient's links are their own.
const trackLink = (recipient: number) => (url: string, tag: string | undefined) =>
  `https://go.example.com/t/click?t=${Buffer.from(`${recipient}|${url}|${tag ?? ''}`).toString('base64url')}`;

async function expectSameRenders(dir: string, keys: string[]) {
  const split = createTemplateStore(dir);
  const whole = createTemplateStore(dir, { compileOnce: false });
  const all = contexts();
  for (const key of keys) {
    for (const [i, ctx] of all.entries()) {
      const options = { trackLink: trackLink(i) };
      expect(await split.renderTemplate(key, ctx, options), `${key}, recipient ${i}`).toEqual(await whole.renderTemplate(key, ctx, options));
    }
  }
}

describe('the HTML compiled once per template, audience and stage', () => {
  it('gives every shipped template, audience, stage and recipient the same email as the whole render', async () => {
    const dir = path.join(projectRoot, 'templates');
    await expectSameRenders(dir, createTemplateStore(dir).listTemplates());
  }, 120_000);

  it('renders whole, and still the same, a template whose structure reads a contact field, a loop variable or an assigned value', async () => {
    await expectSameRenders(path.join(here, 'fixtures', 'split-templates'), ['by-title', 'loop', 'assigned']);
  }, 60_000);

  it('renders concurrent first recipients of one template each with their own data', async () => {
    const store = createTemplateStore(path.join(projectRoot, 'templates'));
    const all = contexts().filter((c) => c.stage === 'engage');
    const emails = await Promise.all(all.map((ctx, i) => store.renderTemplate('intro', ctx, { trackLink: trackLink(i) })));
    const whole = createTemplateStore(path.join(projectRoot, 'templates'), { compileOnce: false });
    for (const [i, ctx] of all.entries()) expect(emails[i]).toEqual(await whole.renderTemplate('intro', ctx, { trackLink: trackLink(i) }));
  }, 60_000);
});
