import { forCli } from '../../domain/fields/field-ref';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { getAccountView } from '../../accounts/account-view';
import { accountImporter } from '../../accounts/import-accounts';
import { contactImporter } from '../../accounts/import-contacts';
import { negativeRuleImporter } from '../../accounts/import-negative-rules';
import { recordEngagement } from '../../engagement/record-engagement';
import { useFreshDb } from '../support/fresh-db';
import { rerunFirstTransaction } from '../support/rerun-first-transaction';
import { contactHeader, importError, importFile, writeLines } from './helpers';

const t = useFreshDb({ each: true });
beforeEach(async () => {
  await importFile(
    t.db,
    accountImporter,
    writeLines(t.dir, 'accounts.csv', ['domain,name,timezone', 'huaxin.example,华信精密机械有限公司,Asia/Shanghai', 'acme.example,Acme Ltd,Europe/Berlin']),
  );
});

const contacts = contactImporter({ createAccounts: false });

describe('contact import', () => {
  it('says which contacts a file moved to another account, not only that they were updated', async () => {
    await importFile(t.db, contacts, writeLines(t.dir, 'first.csv', ['email,account_domain,role', 'li@huaxin.example,huaxin.example,champion', 'bo@huaxin.example,huaxin.example,champion']));
    const report = await importFile(t.db, contacts, writeLines(t.dir, 'moved.csv', ['email,account_domain,role', 'li@huaxin.example,acme.example,champion', 'bo@huaxin.example,huaxin.example,champion']));
    expect(report).toMatchObject({ updated: 1, unchanged: 1 });
    expect(report.notes).toContain('1 contact moved to another account: li@huaxin.example (huaxin.example → acme.example); the journeys of the old account send it nothing more');
  });

  it('imports Chinese names, quoted commas and line breaks from a BOM + CRLF file, with the account time zone as default', async () => {
    const file = path.join(t.dir, 'contacts.csv');
    const lines = [
      contactHeader,
      'wang.wei@huaxin.example,huaxin.example,伟,王,"采购经理, 华东区",budget_holder,manager,,subscribed,trade fair,2025-10-12',
      'anna@acme.example,acme.example,Anna,Müller,"Head of Engineering, R&D",Champion,Manager,Europe/Vienna,,,',
    ];
    writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
    expect(await importFile(t.db, contacts, file)).toMatchObject({ created: 2, rejected: 0 });

    const wang = await t.db.contact.findUniqueOrThrow({ where: { email: 'wang.wei@huaxin.example' } });
    expect(wang).toMatchObject({ firstName: '伟', lastName: '王', title: '采购经理, 华东区', role: 'budget_holder', timezone: null, consentSource: 'trade fair' });
    expect(wang.consentAt?.toISOString()).toBe('2025-10-12T00:00:00.000Z');
    const anna = await t.db.contact.findUniqueOrThrow({ where: { email: 'anna@acme.example' } });
    expect(anna).toMatchObject({ title: 'Head of Engineering, R&D', role: 'champion', seniority: 'manager', consent: 'subscribed', consentSource: 'import of contacts.csv' });

    const view = await getAccountView(t.db, 'huaxin.example');
    expect(view.buyingGroup[0]).toMatchObject({ email: 'wang.wei@huaxin.example', timezone: 'Asia/Shanghai', reachable: true });
  });

  it('is idempotent, and treats emails that differ only in case as the same person, in the file and in the database', async () => {
    const file = writeLines(t.dir, 'contacts.csv', [contactHeader, 'Li.Na@Acme.example,acme.example,Na,Li,Buyer,procurement,,,,,']);
    expect(await importFile(t.db, contacts, file)).toMatchObject({ created: 1 });
    expect(await importFile(t.db, contacts, file)).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

    const changed = writeLines(t.dir, 'changed.csv', [contactHeader, 'LI.NA@ACME.EXAMPLE,acme.example,Na,Li,Head of Purchasing,budget_holder,,,,,']);
    expect(await importFile(t.db, contacts, changed)).toMatchObject({ created: 0, updated: 1 });
    expect(await t.db.contact.findMany({ select: { email: true, title: true, role: true } })).toEqual([
      { email: 'li.na@acme.example', title: 'Head of Purchasing', role: 'budget_holder' },
    ]);

    const twice = writeLines(t.dir, 'twice.csv', [contactHeader, 'x@acme.example,acme.example,,,,,,,,,', 'X@ACME.example,acme.example,,,,,,,,,']);
    const err = await importError(importFile(t.db, contacts, twice));
    expect(err.details).toEqual([
      'row 3, column email: "x@acme.example" repeats row 2 (emails match regardless of upper and lower case), expected each contact once per file',
    ]);

    // A repeat in a row refused for another column too: both in one pass, not the second after a fix.
    const both = writeLines(t.dir, 'both.csv', [contactHeader, 'y@acme.example,acme.example,,,,,,,,,', 'Y@acme.example,acme.example,,,,,boss,,,,']);
    const errors = (await importError(importFile(t.db, contacts, both))).details.join('\n');
    expect(errors).toContain('row 3, column seniority:');
    expect(errors).toContain('row 3, column email: "y@acme.example" repeats row 2');
  });

  it('rejects the file on a bad email, unknown role, bad time zone, bad consent or unknown account, writing nothing', async () => {
    const file = writeLines(t.dir, 'bad.csv', [
      contactHeader,
      'ok@acme.example,acme.example,,,,,,,,,',
      'not-an-email,acme.example,,,,,,,,,',
      'role@acme.example,acme.example,,,,champ,,,,,',
      'tz@acme.example,acme.example,,,,,,Europe/Berln,,,2025-02-30',
      'consent@acme.example,acme.example,,,,,staff,,opted-in,,',
      'ken@unknown.example,unknown.example,Ken,Ito,COO,decision_maker,,,,,',
      // A consent dated in the future would outrank every real answer.
      'later@acme.example,acme.example,,,,,,,subscribed,,2030-01-01',
    ]);
    const err = await importError(importFile(t.db, contacts, file));
    expect(err.details.map(forCli)).toEqual([
      'row 3, column email: "not-an-email" is not an email address, expected an email address such as name@company.com',
      'row 4, column role: "champ" is not a buying-group role, expected one of champion, problem_owner, budget_holder, decision_maker, user, technical_evaluator, procurement, influencer, unknown',
      'row 5, column timezone: "Europe/Berln" is not an IANA time zone, expected a name such as Europe/Berlin, Asia/Shanghai or UTC',
      'row 5, column consent_at: "2025-02-30" is not a date, expected a date such as 2026-03-31 or 2026-03-31T14:00:00Z',
      'row 6, column seniority: "staff" is not a seniority, expected one of executive, manager, individual',
      'row 6, column consent: "opted-in" is not a consent state, expected one of subscribed, unsubscribed, bounced, do_not_contact',
      'row 7, column account_domain: no account has the domain "unknown.example", expected the domain of an imported account (import the account first, or use --create-accounts to add it as a candidate)',
      'row 8, column consent_at: "2030-01-01" is in the future, expected the moment it happened, no later than now',
    ]);
    expect(await t.db.contact.count()).toBe(0);
  });

  it('names an unknown account in the same run as another bad value of its row', async () => {
    const file = writeLines(t.dir, 'rounds.csv', [contactHeader, 'ken@unknown.example,unknown.example,Ken,Ito,COO,decision_maker,boss,,,,', 'ok@acme.example,acme.example,,,,,,,,,']);
    const err = await importError(importFile(t.db, contacts, file));
    expect(err.details.map(forCli)).toEqual([
      'row 2, column seniority: "boss" is not a seniority, expected one of executive, manager, individual',
      'row 2, column account_domain: no account has the domain "unknown.example", expected the domain of an imported account (import the account first, or use --create-accounts to add it as a candidate)',
    ]);
    expect(await importFile(t.db, contacts, file, { partial: true })).toMatchObject({ created: 1, rejected: 1 });
  });

  it('with --create-accounts adds an unknown domain as a candidate account, to which the negative list applies', async () => {
    await importFile(t.db, negativeRuleImporter, writeLines(t.dir, 'rules.csv', ['kind,value,reason', 'suffix,rival.example,competitor']));
    const file = writeLines(t.dir, 'contacts.csv', [
      `${contactHeader},account_name`,
      'ken@new-customer.example,new-customer.example,Ken,Ito,COO,decision_maker,,,,,,New Customer K.K.',
      'spy@cn.rival.example,cn.rival.example,,,,,,,,,,',
    ]);
    const report = await importFile(t.db, contactImporter({ createAccounts: true }), file);
    expect(report).toMatchObject({ created: 2 });
    expect(report.notes).toContain('2 new account domains were added as candidate accounts');

    const created = await t.db.account.findUniqueOrThrow({ where: { domain: 'new-customer.example' }, include: { statusChanges: true } });
    expect(created).toMatchObject({ name: 'New Customer K.K.', poolStatus: 'candidate', score: null });
    expect(created.statusChanges).toEqual([
      expect.objectContaining({ field: 'poolStatus', oldValue: null, newValue: 'candidate', actor: 'import', reason: expect.stringContaining('contacts.csv named its domain') }),
    ]);
    const rival = await t.db.account.findUniqueOrThrow({ where: { domain: 'cn.rival.example' } });
    expect(rival).toMatchObject({ name: 'cn.rival.example', poolStatus: 'excluded' });
  });

  it('never lets an import undo an unsubscribe, unless it carries a newer dated opt-in', async () => {
    const base = writeLines(t.dir, 'base.csv', [contactHeader, 'li@acme.example,acme.example,,,,,,,unsubscribed,unsubscribe link,2025-05-01']);
    await importFile(t.db, contacts, base);

    const stale = writeLines(t.dir, 'stale.csv', [contactHeader, 'li@acme.example,acme.example,,,,,,,subscribed,old CRM export,2025-01-01']);
    const report = await importFile(t.db, contacts, stale);
    expect(report.notes.join(' ')).toContain('1 contact stays unsubscribed, bounced or do-not-contact although the file says subscribed');
    expect((await t.db.contact.findUniqueOrThrow({ where: { email: 'li@acme.example' } })).consent).toBe('unsubscribed');

    const fresh = writeLines(t.dir, 'fresh.csv', [contactHeader, 'li@acme.example,acme.example,,,,,,,subscribed,webinar opt-in,2025-09-01']);
    await importFile(t.db, contacts, fresh);
    expect(await t.db.contact.findUniqueOrThrow({ where: { email: 'li@acme.example' } })).toMatchObject({ consent: 'subscribed', consentSource: 'webinar opt-in' });

    const bounce = writeLines(t.dir, 'bounce.csv', [contactHeader, 'li@acme.example,acme.example,,,,,,,bounced,,']);
    await importFile(t.db, contacts, bounce);
    expect((await t.db.contact.findUniqueOrThrow({ where: { email: 'li@acme.example' } })).consent).toBe('bounced');
  });

  it('never lets the opt-in it already holds lift a suppression dated before it, when its file comes again', async () => {
    const optIn = writeLines(t.dir, 'opt-in.csv', [contactHeader, 'li@acme.example,acme.example,,,,,,,subscribed,webinar opt-in,2025-09-01']);
    await importFile(t.db, contacts, optIn);
    const li = await t.db.contact.findUniqueOrThrow({ where: { email: 'li@acme.example' } });

    // An unsubscribe the email tool reports late, dated before the opt-in: honoured all the same.
    await recordEngagement(t.db, { type: 'unsubscribed', contact: { id: li.id }, source: 'esp report', at: new Date('2025-06-01T00:00:00Z') });
    expect(await t.db.contact.findUniqueOrThrow({ where: { id: li.id } })).toMatchObject({ consent: 'unsubscribed', consentAt: new Date('2025-09-01T00:00:00Z') });
    const again = await importFile(t.db, contacts, optIn);
    expect(again.notes.join(' ')).toContain('1 contact stays unsubscribed, bounced or do-not-contact although the file says subscribed');
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: li.id } })).consent).toBe('unsubscribed');

    // The same through files: an older do-not-contact, then that file again, then the opt-in's file again.
    const lin = writeLines(t.dir, 'lin.csv', [contactHeader, 'lin@acme.example,acme.example,,,,,,,subscribed,webinar opt-in,2025-09-01']);
    const dnc = writeLines(t.dir, 'dnc.csv', [contactHeader, 'lin@acme.example,acme.example,,,,,,,do_not_contact,legal request,2025-05-01']);
    for (const file of [lin, dnc, dnc, lin]) await importFile(t.db, contacts, file);
    expect(await t.db.contact.findUniqueOrThrow({ where: { email: 'lin@acme.example' } })).toMatchObject({
      consent: 'do_not_contact',
      consentSource: 'legal request',
      consentAt: new Date('2025-09-01T00:00:00Z'),
    });
  });

  it('imports a 5,000-contact CSV in one command, and re-imports it without changes', async () => {
    const accounts = ['domain,name,industry'];
    for (let i = 0; i < 500; i++) accounts.push(`bulk${i}.example,Bulk ${i} Co.,Packaging`);
    await importFile(t.db, accountImporter, writeLines(t.dir, 'bulk-accounts.csv', accounts));

    const roles = ['champion', 'problem_owner', 'budget_holder', 'decision_maker', 'user'];
    const lines = [contactHeader];
    for (let i = 0; i < 5000; i++) {
      lines.push(`person${i}@bulk${i % 500}.example,bulk${i % 500}.example,名${i},Person,"Engineer, line ${i % 7}",${roles[i % 5]},,,subscribed,bulk,2025-01-01`);
    }
    const file = writeLines(t.dir, 'bulk-contacts.csv', lines);
    expect(await importFile(t.db, contacts, file)).toMatchObject({ rows: 5000, created: 5000, rejected: 0 });
    expect(await t.db.contact.count()).toBe(5000);
    expect(await t.db.contact.count({ where: { account: { domain: 'bulk7.example' } } })).toBe(10);
    expect(await importFile(t.db, contacts, file)).toMatchObject({ created: 0, updated: 0, unchanged: 5000 });
  });

  it('writes the rejects file in the words of the CLI, which alone writes one: --create-accounts, not a field marker', async () => {
    const file = writeLines(t.dir, 'unknown-domain.csv', [contactHeader, 'ugo@nowhere-yet.example,nowhere-yet.example,Ugo,,,champion,,,,,']);
    const report = await importFile(t.db, contacts, file, { partial: true });
    expect(report).toMatchObject({ created: 0, rejected: 1 });
    const written = readFileSync(report.rejectsFile!, 'utf8');
    expect(written).toContain('--create-accounts');
    expect(written).not.toContain('{field:');
  });

  it('leaves no rejects file when the attempt that commits has no rejects, as when PostgreSQL runs the import again after a conflict', async () => {
    const file = writeLines(t.dir, 'late.csv', [contactHeader, 'ines@late.example,late.example,Ines,,,champion,,,,,', 'anna@acme.example,acme.example,Anna,,,champion,,,,,']);
    const rejects = path.join(t.dir, 'late.rejects.csv');
    // The first attempt finds no account late.example and writes the row to the rejects; before the
    // second, another transaction adds the account.
    const { db, reran } = rerunFirstTransaction(t.db, () => t.db.account.create({ data: { domain: 'late.example', name: 'Late' } }));
    const report = await importFile(db, contacts, file, { partial: true });
    expect(reran()).toBe(true);
    expect(report).toMatchObject({ created: 2, rejected: 0 });
    expect(report.rejectsFile).toBeUndefined();
    expect(existsSync(rejects)).toBe(false);
  });
});
