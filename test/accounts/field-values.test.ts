// Values in import files that used to be read wrongly without a word: a European thousands point,
// a time without an offset, a time zone's spelling, a line break in a name or a custom field, an
// internationalised email domain, a country written as UK or EU. Each is either read the one right
// way or refused with the row, column and the fix.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountImporter } from '../../accounts/import-accounts';
import { contactImporter } from '../../accounts/import-contacts';
import { assessAccount } from '../../domain/accounts/score';
import { useFreshDb } from '../support/fresh-db';
import { defaultModel, importError, importFile, writeLines } from './helpers';

const t = useFreshDb({ each: true });
const contacts = contactImporter({ createAccounts: false });

describe('a point before three digits', () => {
  it('refuses 250.000 in a semicolon file as 250 or 250,000, where it was read as 250', async () => {
    const file = writeLines(t.dir, 'semicolons.csv', [
      'domain;name;employee_count;attr.category_spend_usd;attr.growth_pct',
      'eu-one.example;Eins GmbH;"1,200";250.000;12.5%',
      'eu-two.example;Zwei GmbH;250.000;85 000;',
      'eu-three.example;Drei GmbH;;;1.500%',
    ]);
    const err = await importError(importFile(t.db, accountImporter, file));
    expect(err.details).toEqual([
      'row 2, column attr.category_spend_usd: "250.000" could mean 250 or 250,000, expected 250000 or 250 (a point only before decimals)',
      'row 3, column employee_count: "250.000" could mean 250 or 250,000, expected 250000 or 250 (a point only before decimals)',
      'row 4, column attr.growth_pct: "1.500%" could mean 1.5% or 1,500%, expected 1500% or 1.5% (a point only before decimals)',
    ]);
    expect(await t.db.account.count()).toBe(0);
  });

  it('keeps reading 12.5, 1,200,000, 85 000 and a point that can only be a decimal one', async () => {
    const file = writeLines(t.dir, 'numbers.csv', [
      'domain,name,employee_count,attr.category_spend_usd,attr.growth_pct',
      'us.example,US Inc,"1,200","1,200,000",12.5%',
      'fr.example,FR SA,85 000,1250.000,0.500%',
    ]);
    expect(await importFile(t.db, accountImporter, file)).toMatchObject({ created: 2, rejected: 0 });
    expect((await t.db.account.findUniqueOrThrow({ where: { domain: 'fr.example' } })).employeeCount).toBe(85_000);
  });

  it('leaves a scoring factor unknown, saying both readings, when a stored value is ambiguous', () => {
    const spend = assessAccount({ attributes: { category_spend_usd: '250.000' } }, defaultModel).factors.find((f) =>
      !f.known && f.unknownBecause.includes('category_spend_usd'),
    );
    expect(spend).toMatchObject({ known: false });
    expect(spend && !spend.known && spend.unknownBecause).toContain('attr.category_spend_usd "250.000" could mean 250 or 250,000');
  });
});

describe('a time without an offset', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('is UTC whatever the server zone, as a day is', async () => {
    process.env.TZ = 'America/New_York';
    await importFile(t.db, accountImporter, writeLines(t.dir, 'accounts.csv', ['domain,name', 'acme.example,Acme Ltd']));
    const file = writeLines(t.dir, 'contacts.csv', [
      'email,account_domain,consent,consent_at',
      'noon@acme.example,acme.example,subscribed,2026-03-31 14:00',
      'offset@acme.example,acme.example,subscribed,2026-03-31T14:00:00+0200',
      'day@acme.example,acme.example,subscribed,2026-03-31',
    ]);
    expect(await importFile(t.db, contacts, file)).toMatchObject({ created: 3 });
    const stored = await t.db.contact.findMany({ orderBy: { email: 'asc' }, select: { email: true, consentAt: true } });
    expect(stored.map((c) => [c.email, c.consentAt?.toISOString()])).toEqual([
      ['day@acme.example', '2026-03-31T00:00:00.000Z'],
      ['noon@acme.example', '2026-03-31T14:00:00.000Z'],
      ['offset@acme.example', '2026-03-31T12:00:00.000Z'],
    ]);
  });
});

it('stores a time zone by its IANA spelling, so another spelling of it changes nothing', async () => {
  const lower = writeLines(t.dir, 'lower.csv', ['domain,name,timezone', 'berlin.example,Berlin GmbH,europe/berlin']);
  expect(await importFile(t.db, accountImporter, lower)).toMatchObject({ created: 1 });
  expect((await t.db.account.findUniqueOrThrow({ where: { domain: 'berlin.example' } })).timezone).toBe('Europe/Berlin');
  const proper = writeLines(t.dir, 'proper.csv', ['domain,name,timezone', 'berlin.example,Berlin GmbH,Europe/Berlin']);
  expect(await importFile(t.db, accountImporter, proper)).toMatchObject({ updated: 0, unchanged: 1 });
});

it('refuses a line break or a control character in a name or title, naming the column, and imports nothing', async () => {
  const file = writeLines(t.dir, 'breaks.csv', [
    'domain,name,industry',
    'lines.example,"Line one\r\nLine two",Packaging',
    'bell.example,Bell Ltd,"Pack\u0007aging"',
    'fine.example,Fine Ltd,Packaging',
  ]);
  const err = await importError(importFile(t.db, accountImporter, file));
  expect(err.details).toEqual([
    'row 2, column name: "Line one\\r\\nLine two" contains a line break, expected the company name, up to 200 characters, on one line',
    'row 3, column industry: "Pack\\u0007aging" contains a control character (U+0007), expected an industry name, up to 100 characters, without it',
  ]);
  expect(await t.db.account.count()).toBe(0);
});

it('accepts an email at an internationalised domain, stored in punycode as the account domain is', async () => {
  await importFile(t.db, accountImporter, writeLines(t.dir, 'accounts.csv', ['domain,name', 'münchen-tech.example,München Tech GmbH']));
  const file = writeLines(t.dir, 'contacts.csv', ['email,account_domain', 'Hans@München-Tech.example,münchen-tech.example']);
  expect(await importFile(t.db, contacts, file)).toMatchObject({ created: 1, rejected: 0 });
  const hans = await t.db.contact.findFirstOrThrow({ include: { account: true } });
  expect(hans.email).toBe('hans@xn--mnchen-tech-thb.example');
  expect(hans.email.split('@')[1]).toBe(hans.account.domain);
});

describe('a country', () => {
  it('is stored as its ISO 3166-1 code however the file writes it, so one journey entry finds every account of it', async () => {
    const file = writeLines(t.dir, 'countries.csv', [
      'domain,name,country',
      'one.example,One Ltd,United Kingdom',
      'two.example,Two Ltd,GB',
      'three.example,Three Ltd,UK',
      'four.example,Four Ltd,Great Britain',
      'five.example,Five Inc,USA',
      'six.example,Six Inc,United States of America',
      'seven.example,Seven SARL,Bosnia and Herzegovina',
    ]);
    expect(await importFile(t.db, accountImporter, file)).toMatchObject({ created: 7, rejected: 0 });
    const stored = await t.db.account.findMany({ orderBy: { name: 'asc' }, select: { name: true, country: true } });
    expect(stored.map((a) => `${a.name}: ${a.country}`)).toEqual([
      'Five Inc: US',
      'Four Ltd: GB',
      'One Ltd: GB',
      'Seven SARL: BA',
      'Six Inc: US',
      'Three Ltd: GB',
      'Two Ltd: GB',
    ]);
  });

  it('refuses EU, UN and other codes of no country, saying what they are and what is expected', async () => {
    const file = writeLines(t.dir, 'regions.csv', ['domain,name,country', 'eu.example,EU Ltd,EU', 'un.example,UN Ltd,un', 'su.example,SU Ltd,SU', 'fine.example,Fine Ltd,DE']);
    const err = await importError(importFile(t.db, accountImporter, file));
    const expected = 'expected an ISO 3166-1 code such as DE or CN, or an English name such as Germany';
    expect(err.details).toEqual([
      `row 2, column country: "EU" (European Union) is not an ISO 3166-1 country code, ${expected}`,
      `row 3, column country: "un" (United Nations) is not an ISO 3166-1 country code, ${expected}`,
      'row 4, column country: "SU" is a former code of Russia, expected RU',
    ]);
    expect(await t.db.account.count()).toBe(0);
  });
});

describe('a custom field', () => {
  it('is one line of at most 200 characters, as a name or a title is, naming its column', async () => {
    const file = writeLines(t.dir, 'custom.csv', [
      'domain,name,attr.note,attr.ref',
      `lines.example,Lines Ltd,"first line\nsecond line",A-1`,
      `long.example,Long Ltd,${'x'.repeat(200_000)},A-2`,
      `tab.example,Tab Ltd,ok,"A\t3"`,
      `fine.example,Fine Ltd,${'y'.repeat(200)},A-4`,
    ]);
    const err = await importError(importFile(t.db, accountImporter, file));
    expect(err.details).toEqual([
      'row 2, column attr.note: "first line\\nsecond line" contains a line break, expected text of up to 200 characters, on one line',
      `row 3, column attr.note: "${'x'.repeat(59)}…" is not at most 200 characters long, expected text of up to 200 characters`,
      'row 4, column attr.ref: "A\\t3" contains a control character (a tab), expected text of up to 200 characters, without it',
    ]);
    expect(await t.db.account.count()).toBe(0);
  });

  it('in JSON is text, a number or true/false: a nested value says so instead of "Invalid input"', async () => {
    const file = path.join(t.dir, 'nested.json');
    writeFileSync(
      file,
      JSON.stringify([
        { domain: 'nested.example', name: 'Nested', attributes: { note: { a: 1 }, tags: ['x'], plain: 'ok', count: 3, flag: true } },
        { domain: 'flat.example', name: 'Flat', attributes: { plain: 'ok', count: 3, flag: true } },
      ]),
    );
    const err = await importError(importFile(t.db, accountImporter, file));
    const expected = 'expected text of up to 200 characters on one line, a number or true/false';
    expect(err.details).toEqual([
      `row 1, column attr.note: {"a":1} is not a custom field value, ${expected}`,
      `row 1, column attr.tags: ["x"] is not a custom field value, ${expected}`,
    ]);
  });
});
