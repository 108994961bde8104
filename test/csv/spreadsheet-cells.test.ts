// Every CSV Harpoon writes for a spreadsheet neutralises a text cell a spreadsheet would run as a
// formula (OWASP's CSV injection advice: a leading ' makes it text), and leaves numbers numbers.
import { expect, it } from 'vitest';
import { defaultSalesConfig } from '../../config/sales';
import { csvCell } from '../../domain/csv/spreadsheet-cell';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { summarize } from '../../domain/metrics/summarize';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { forecastCsv } from '../../forecast/report';
import { forecastAccount } from '../../forecast/simulate';
import { trendCsv } from '../../metrics/report-text';

it('puts a quote before text that begins with =, +, -, @, a tab or a carriage return, quotes what CSV needs quoted, and leaves numbers numbers', () => {
  expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  expect(['+1', '-2+3', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'+1", "'-2+3", "'@SUM(A1)", "'\tx", `"'\rx"`]);
  expect(['Jane', 'Acme, Inc.', 'a=b', ' =1', '', null, undefined].map(csvCell)).toEqual(['Jane', '"Acme, Inc."', 'a=b', ' =1', '', '', '']);
  // A number stays a number a spreadsheet can add up, negative or not: a loss-making ROI in the report too.
  expect([-100, -0.25, 42, 1e21].map(csvCell)).toEqual(['-100', '-0.25', '42', '1e+21']);
  const metrics = summarize([], { fromMs: null, toMs: 0 }, { targetAccounts: 0, outsidePool: 0 });
  const [header, row] = trendCsv([{ day: '2026-12-01', metrics: { ...metrics, longTerm: { ...metrics.longTerm, roi: -0.5 }, currency: 'EUR' } }]).split('\n');
  expect(row!.split(',')[header!.split(',').indexOf('longTerm.roi')]).toBe('-0.5');
});

it("writes a contact's address that begins with + or - in the forecast CSV as text", async () => {
  const def = journeyDefinitionSchema.parse({ key: 'cells', name: 'Cells', stages: [{ key: 'engage', steps: [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } }] }] });
  const contact = { id: 'c1', email: '-2+3@x.example', role: 'champion', seniority: null, consent: 'subscribed', timezone: null };
  const startMs = Date.UTC(2026, 10, 23, 10);
  const account = { id: 'acc', domain: 'x.example', tier: 1, timezone: 'UTC', taskTimeZone: 'UTC', contacts: [contact], history: [], recentSends: [] };
  const f = await forecastAccount(def, account, { days: 7, policy: defaultContactPolicy, defaultMqa: defaultSalesConfig.mqa, startMs, events: [] });
  const csv = forecastCsv({ journey: { key: 'cells', version: null, source: 'file' }, startMs, days: 7, engagement: { kind: 'none' }, accounts: [f], notEligible: [], contacts: new Map([['c1', contact]]) });
  expect(csv.find((line) => line.includes(',sent,'))).toMatch(/^x\.example,sent,'-2\+3@x\.example,champion,intro,/);
});
