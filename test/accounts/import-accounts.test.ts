import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { accountImporter } from '../../accounts/import-accounts';
import { salesRepImporter } from '../../accounts/import-sales-reps';
import { setTierOverride } from '../../accounts/manual-changes';
import { useFreshDb } from '../support/fresh-db';
import { accountHeader, defaultModel, importError, importFile, writeLines } from './helpers';

const t = useFreshDb({ each: true });
beforeEach(async () => {
  await importFile(t.db, salesRepImporter, writeLines(t.dir, 'reps.csv', ['email,name', 'jonas.berg@keelson.example,Jonas Berg']));
});

const sample = [
  accountHeader + ',attr.category_spend_usd,attr.notes',
  'acme-drives.example,Acme Drives GmbH,Industrial Machinery,DE,420,50M-250M,Europe/Berlin,Jonas.Berg@keelson.example,,continuous,"1,200,000",',
  'huaxin-precision.example,华信精密机械有限公司,Industrial Machinery,China,"3,028",1B+,Asia/Shanghai,,,periodic,85000,"大客户, 华东区"',
];

describe('account import', () => {
  it('reads UTF-8 with BOM, CRLF, quoted commas and non-Latin names', async () => {
    const file = path.join(t.dir, 'accounts.csv');
    writeFileSync(file, `\uFEFF${sample.join('\r\n')}\r\n`);
    const report = await importFile(t.db, accountImporter, file);
    expect(report).toMatchObject({ rows: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 });

    const huaxin = await t.db.account.findUniqueOrThrow({ where: { domain: 'huaxin-precision.example' } });
    expect(huaxin).toMatchObject({ name: '华信精密机械有限公司', country: 'CN', employeeCount: 3028, timezone: 'Asia/Shanghai' });
    expect(huaxin.attributes).toEqual({ category_spend_usd: '85000', notes: '大客户, 华东区' });
    const acme = await t.db.account.findUniqueOrThrow({ where: { domain: 'acme-drives.example' }, include: { owner: true } });
    expect(acme.owner?.email).toBe('jonas.berg@keelson.example');
    expect(acme.score).not.toBeNull();
  });

  it('reads a spreadsheet saved with semicolons between cells, as where the comma is the decimal mark', async () => {
    const file = path.join(t.dir, 'semicolons.csv');
    writeFileSync(file, '\uFEFFdomain;name;industry;country\r\nsemi-one.example;"Müller; Söhne GmbH";Industrial Machinery;DE\r\nsemi-two.example;Zwei AG;;AT\r\n');
    expect(await importFile(t.db, accountImporter, file)).toMatchObject({ rows: 2, created: 2, rejected: 0 });
    expect(await t.db.account.findUniqueOrThrow({ where: { domain: 'semi-one.example' } })).toMatchObject({ name: 'Müller; Söhne GmbH', country: 'DE' });
  });

  it('refuses a file that is not UTF-8, naming the line and how to save it, instead of garbling its names', async () => {
    const latin1 = path.join(t.dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.concat([Buffer.from('domain,name\nplain.example,Plain Ltd\nlatin1.example,M'), Buffer.from([0xfc]), Buffer.from('ller GmbH\n')]));
    expect((await importError(importFile(t.db, accountImporter, latin1))).message).toBe(
      `${latin1}: line 3 is not UTF-8 text (Windows-1252 or Latin-1, as some spreadsheets save CSV); save it as "CSV UTF-8" (or UTF-8 JSON) and import it again`,
    );
    const utf16 = path.join(t.dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('domain,name\n', 'utf16le')]));
    expect((await importError(importFile(t.db, accountImporter, utf16))).message).toMatch(/utf16\.csv: is UTF-16 text; save it as "CSV UTF-8"/);
    expect(await t.db.account.count()).toBe(0);
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = writeLines(t.dir, 'accounts.csv', sample);
    await importFile(t.db, accountImporter, file);
    const before = await t.db.account.findMany({ orderBy: { domain: 'asc' } });
    const historyBefore = await t.db.statusChange.count();

    const again = await importFile(t.db, accountImporter, file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, notes: [] });
    expect(await t.db.account.findMany({ orderBy: { domain: 'asc' } })).toEqual(before);
    expect(await t.db.statusChange.count()).toBe(historyBefore);
  });

  it('updates a changed row by domain, rescoring it, and leaves stored values alone where a cell is blank', async () => {
    await importFile(t.db, accountImporter, writeLines(t.dir, 'accounts.csv', sample));
    const changed = writeLines(t.dir, 'changed.csv', [
      'domain,name,employee_count,revenue_band,attr.credit_rating',
      'https://www.ACME-drives.example/,Acme Drives GmbH,,<10M,AAA',
    ]);
    const report = await importFile(t.db, accountImporter, changed);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0 });

    const acme = await t.db.account.findUniqueOrThrow({ where: { domain: 'acme-drives.example' } });
    expect(acme).toMatchObject({ revenueBand: '<10M', employeeCount: 420, industry: 'Industrial Machinery' });
    expect(acme.attributes).toEqual({ category_spend_usd: '1,200,000', credit_rating: 'AAA' });
    const credit = (acme.scoreBreakdown as { factors: { factor: string; known: boolean }[] }).factors.find((f) => f.factor === 'credit_risk');
    expect(credit?.known).toBe(true);
  });

  it('rejects the whole file when any row is invalid, listing every problem by row and column', async () => {
    const file = writeLines(t.dir, 'bad.csv', [
      accountHeader,
      'ok.example,OK Ltd,,,,,,,,',
      'OK.example,Duplicate Ltd,,,,,,,,',
      'no-dot,No Dot Ltd,,,,,,,,',
      'tz.example,Bad TZ Ltd,,,,,Mars/Olympus,,,',
      'tier.example,Bad Tier Ltd,,,,,,,4,',
      'band.example,Bad Band Ltd,,,lots,100M,,,,',
      'owner.example,Unknown Owner Ltd,,,,,,nobody@keelson.example,,',
      'country.example,,,Atlantis,,,,,,sometimes',
      'short.example,Too Few Cells',
    ]);
    const err = await importError(importFile(t.db, accountImporter, file));
    expect(err.message).toMatch(/^bad\.csv: 8 of 9 rows are invalid .*nothing was imported/);
    expect(err.details).toEqual([
      'row 3, column domain: "ok.example" repeats row 2 (domains match however they are written), expected each account once per file',
      'row 4, column domain: "no-dot" is not a web domain, expected a web domain such as acme.com (scheme, "www." and paths are removed for you)',
      'row 5, column timezone: "Mars/Olympus" is not an IANA time zone, expected a name such as Europe/Berlin, Asia/Shanghai or UTC',
      'row 6, column tier: 4 is not a tier, expected 1 (one-to-one), 2 (one-to-few) or 3 (one-to-many), or auto for the tier its score gives',
      'row 7, column employee_count: "lots" is not a number of employees, expected a whole number of employees such as 250',
      'row 7, column revenue_band: "100M" is not a revenue band, expected one of <10M, 10M-50M, 50M-250M, 250M-1B, 1B+',
      'row 8, column owner_email: no sales rep has the email "nobody@keelson.example", expected the email of a rep imported with "harpoon accounts reps import"',
      'row 9, column name: is empty, expected the company name, up to 200 characters',
      'row 9, column country: "Atlantis" is not a country, expected an ISO 3166-1 code such as DE or CN, or an English name such as Germany',
      'row 9, column purchase_pattern: "sometimes" is not a purchase pattern, expected one of continuous, periodic, project, unknown',
      'row 10: has 2 cells but the header has 10, expected one cell per column (put a value that contains a comma in double quotes)',
    ]);
    expect(await t.db.account.count()).toBe(0);
  });

  it("refuses a custom field the scoring model reads as a number when it holds none, instead of scoring it as unknown or misreading it", async () => {
    const file = writeLines(t.dir, 'spend.csv', [
      'domain,name,attr.category_spend_usd,attr.growth_pct,attr.notes',
      'dollars.example,Dollars Ltd,$2M,fast,$2M budget',
      'plain.example,Plain Ltd,"1,200,000",12.5%,',
      'unknown.example,Unknown Ltd,unknown,,',
      'comma.example,Decimal Comma BV,"1.200,50","12,5%",',
    ]);
    const err = await importError(importFile(t.db, accountImporter, file));
    const expected = (value: string, factor: string) =>
      `${JSON.stringify(value)} is not a number, expected a number such as 2500000, 1,200,000 or 12.5 (a point before decimals, commas only between thousands; the scoring model's factor "${factor}" reads it in bands), or unknown if not known (a blank keeps the value already stored)`;
    expect(err.details).toEqual([
      `row 2, column attr.category_spend_usd: ${expected('$2M', 'Spend in our category')}`,
      `row 2, column attr.growth_pct: ${expected('fast', 'Growth')}`,
      `row 5, column attr.category_spend_usd: ${expected('1.200,50', 'Spend in our category')}`,
      `row 5, column attr.growth_pct: ${expected('12,5%', 'Growth')}`,
    ]);
    expect(await t.db.account.count()).toBe(0);

    const report = await importFile(t.db, accountImporter, file, { partial: true });
    expect(report).toMatchObject({ created: 2, rejected: 2 });
    // 12.5 % reads as 12.5 (the 10-20 % band's 75 points), never as 125.
    const plain = await t.db.account.findUniqueOrThrow({ where: { domain: 'plain.example' } });
    const growth = (plain.scoreBreakdown as { factors: { factor: string; points?: number }[] }).factors.find((f) => f.factor === 'growth');
    expect(growth?.points).toBe(75);
  });

  it('lists every problem of a row in one run: a bad value beside custom fields the model cannot read and an unknown owner', async () => {
    const file = writeLines(t.dir, 'rounds.csv', [
      'domain,name,revenue_band,owner_email,attr.category_spend_usd,attr.growth_pct,attr.ref',
      'band.example,Band Ltd,10M–50M,nobody@keelson.example,€1000,0x10,',
      'tab.example,Tab Ltd,,,12 apples,,"A\t3"',
      'fine.example,Fine Ltd,10M-50M,jonas.berg@keelson.example,"1,000",5%,A-4',
    ]);
    const err = await importError(importFile(t.db, accountImporter, file));
    expect(err.message).toMatch(/^rounds\.csv: 2 of 3 rows are invalid /);
    const notANumber = (value: string, factor: string) =>
      `${JSON.stringify(value)} is not a number, expected a number such as 2500000, 1,200,000 or 12.5 (a point before decimals, commas only between thousands; the scoring model's factor "${factor}" reads it in bands), or unknown if not known (a blank keeps the value already stored)`;
    expect(err.details).toEqual([
      'row 2, column revenue_band: "10M–50M" is not a revenue band, expected one of <10M, 10M-50M, 50M-250M, 250M-1B, 1B+',
      `row 2, column attr.category_spend_usd: ${notANumber('€1000', 'Spend in our category')}`,
      `row 2, column attr.growth_pct: ${notANumber('0x10', 'Growth')}`,
      'row 2, column owner_email: no sales rep has the email "nobody@keelson.example", expected the email of a rep imported with "harpoon accounts reps import"',
      // One custom field refused by its own column hides no other one the model cannot read.
      'row 3, column attr.ref: "A\\t3" contains a control character (a tab), expected text of up to 200 characters, without it',
      `row 3, column attr.category_spend_usd: ${notANumber('12 apples', 'Spend in our category')}`,
    ]);
    expect(await t.db.account.count()).toBe(0);

    // --partial imports the same rows as before, and the rejects file lists each row's problems in full.
    const report = await importFile(t.db, accountImporter, file, { partial: true });
    expect(report).toMatchObject({ created: 1, rejected: 2 });
    expect((await t.db.account.findMany()).map((a) => a.domain)).toEqual(['fine.example']);
    expect(readFileSync(report.rejectsFile!, 'utf8')).toContain('column revenue_band: ""10M–50M"" is not a revenue band, expected one of <10M, 10M-50M, 50M-250M, 250M-1B, 1B+; column attr.category_spend_usd: ');
  });

  it('refuses a file whose header has an unknown or missing column before reading any row', async () => {
    const file = writeLines(t.dir, 'header.csv', ['domain,industy,attr.', 'acme.example,Packaging,A']);
    const err = await importError(importFile(t.db, accountImporter, file, { partial: true }));
    expect(err.details).toEqual([
      'column industy: unknown column, expected one of domain, name, industry, country, employee_count, revenue_band, timezone, owner_email, tier, purchase_pattern, or a custom field named attr.<name>',
      'column attr.: unknown column, expected one of domain, name, industry, country, employee_count, revenue_band, timezone, owner_email, tier, purchase_pattern, or a custom field named attr.<name>',
      'column name: is missing from the file, expected a column with this name in the header row',
    ]);
    expect(await t.db.account.count()).toBe(0);
  });

  it('with --partial imports the valid rows and writes the rejects, with reasons, to a file that can be fixed and imported', async () => {
    const file = writeLines(t.dir, 'mixed.csv', [accountHeader, 'good.example,Good Ltd,,,,,,,,', 'bad.example,"Bad, Ltd",,,,,Nowhere/City,,,', 'also-good.example,Also Good,,,,,,,2,']);
    const report = await importFile(t.db, accountImporter, file, { partial: true });
    expect(report).toMatchObject({ rows: 3, created: 2, rejected: 1, rejectsFile: path.join(t.dir, 'mixed.rejects.csv') });
    expect((await t.db.account.findMany({ orderBy: { domain: 'asc' } })).map((a) => a.domain)).toEqual(['also-good.example', 'good.example']);

    const rejects = readFileSync(report.rejectsFile!, 'utf8');
    expect(rejects).toBe(
      `\uFEFF${accountHeader},source_row,import_errors\r\n` +
        'bad.example,"Bad, Ltd",,,,,Nowhere/City,,,,3,"column timezone: ""Nowhere/City"" is not an IANA time zone, expected a name such as Europe/Berlin, Asia/Shanghai or UTC"\r\n',
    );

    writeFileSync(report.rejectsFile!, rejects.replace('Nowhere/City', 'Europe/Paris'));
    const fixed = await importFile(t.db, accountImporter, report.rejectsFile!);
    expect(fixed).toMatchObject({ created: 1, rejected: 0 });
    expect((await t.db.account.findUniqueOrThrow({ where: { domain: 'bad.example' } })).timezone).toBe('Europe/Paris');
  });

  it('refuses to write the rejects over a file that is there, before importing anything', async () => {
    const file = writeLines(t.dir, 'mixed.csv', [accountHeader, 'good.example,Good Ltd,,,,,,,,', 'bad.example,Bad Ltd,,,,,Nowhere/City,,,']);
    const work = writeLines(t.dir, 'work.csv', ['5,000 lines someone still needs']);
    const err = await importError(importFile(t.db, accountImporter, file, { partial: true, rejectsFile: work }));
    expect(err.message).toBe(`the rejects file ${work} already exists: nothing was imported; name another file with --rejects, or delete that one first`);
    expect(readFileSync(work, 'utf8')).toBe('5,000 lines someone still needs\n');

    // An earlier import's rejects, which people fix where they are, are kept the same way.
    const earlier = writeLines(t.dir, 'mixed.rejects.csv', ['rows being fixed']);
    expect((await importError(importFile(t.db, accountImporter, file, { partial: true }))).message).toMatch(new RegExp(`^the rejects file ${earlier} already exists`));
    expect(readFileSync(earlier, 'utf8')).toBe('rows being fixed\n');
    expect(await t.db.account.count()).toBe(0);
  });

  it('takes an owner away with none, its open work going to the sales queue, and hands an imported tier back to the score with auto', async () => {
    const header = 'domain,name,owner_email,tier,attr.category_spend_usd';
    await importFile(t.db, accountImporter, writeLines(t.dir, 'owned.csv', [header, 'acme.example,Acme Ltd,jonas.berg@keelson.example,2,"1,200,000"', 'fixed.example,Fixed Ltd,,,']));
    const acme = await t.db.account.findUniqueOrThrow({ where: { domain: 'acme.example' } });
    const call = await t.db.repTask.create({
      data: {
        idempotencyKey: 'journey/acme|engage/call', accountId: acme.id, ownerId: acme.ownerId, workflowId: 'journey/acme', journeyKey: 'nurture',
        stepPath: 'engage/call', channel: 'call', title: 'Call the CFO', timeZone: 'UTC', dueAt: new Date(Date.now() + 86_400_000), waits: false,
        status: 'open', createdAt: new Date(),
      },
    });
    await setTierOverride(t.db, 'fixed.example', 1, 'pilot account', { actor: 'user:ana', model: defaultModel });

    const cleared = writeLines(t.dir, 'cleared.csv', [header, 'acme.example,Acme Ltd,None,AUTO,unknown', 'fixed.example,Fixed Ltd,,auto,']);
    const report = await importFile(t.db, accountImporter, cleared);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(report.notes).toEqual(
      expect.arrayContaining([
        '1 account keeps the tier a user or a review fixed: fixed.example (1, the file says auto); "harpoon accounts tier <domain> auto" lets the file set it',
        '1 account no longer has an owner (owner_email none); 0 open sales tasks and 1 open rep task went to the sales queue',
      ]),
    );
    expect(await t.db.account.findUniqueOrThrow({ where: { domain: 'acme.example' } })).toMatchObject({
      ownerId: null,
      tierOverride: null,
      tierFixedBy: null,
      attributes: { category_spend_usd: 'unknown' },
    });
    expect(await t.db.repTask.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ ownerId: null });
    const moved = await t.db.touch.findFirstOrThrow({ where: { accountId: acme.id, type: 'rep_task_reassigned' } });
    expect(moved.detail).toMatchObject({ text: 'rep task "Call the CFO" moved from jonas.berg@keelson.example to the sales queue: the import of cleared.csv left the account without an owner' });
    const released = await t.db.statusChange.findFirstOrThrow({ where: { accountId: acme.id, field: 'tierOverride' }, orderBy: { at: 'desc' } });
    expect(released).toMatchObject({ oldValue: '2', newValue: null, reason: 'the import of cleared.csv let its tier follow the score again' });

    // The same file again finds nothing to clear; a bad value says what the column takes.
    expect(await importFile(t.db, accountImporter, cleared)).toMatchObject({ updated: 0, unchanged: 2 });
    const bad = writeLines(t.dir, 'bad.csv', [header, 'acme.example,Acme Ltd,nobody,none,']);
    expect((await importError(importFile(t.db, accountImporter, bad))).details).toEqual([
      'row 2, column owner_email: "nobody" is not an email address, expected an email address such as name@company.com, or none for no owner',
      'row 2, column tier: "none" is not a tier, expected 1 (one-to-one), 2 (one-to-few) or 3 (one-to-many), or auto for the tier its score gives',
    ]);
  });

  it('imports a JSON array, with custom fields in "attributes", and numbers JSON rows from 1', async () => {
    const file = path.join(t.dir, 'accounts.json');
    writeFileSync(
      file,
      JSON.stringify([
        { domain: 'json.example', name: 'JSON GmbH', employee_count: 80, tier: 2, attributes: { credit_rating: 'A', growth_pct: 12 } },
        { domain: 'json2.example', name: 'Broken', tier: 'top' },
      ]),
    );
    const err = await importError(importFile(t.db, accountImporter, file));
    expect(err.details).toEqual(['row 2, column tier: "top" is not a tier, expected 1 (one-to-one), 2 (one-to-few) or 3 (one-to-many), or auto for the tier its score gives']);

    const report = await importFile(t.db, accountImporter, file, { partial: true });
    expect(report).toMatchObject({ created: 1, rejected: 1 });
    const account = await t.db.account.findUniqueOrThrow({ where: { domain: 'json.example' } });
    expect(account).toMatchObject({ employeeCount: 80, tierOverride: 2, tier: 2 });
    expect(account.attributes).toEqual({ credit_rating: 'A', growth_pct: 12 });
    expect(JSON.parse(readFileSync(report.rejectsFile!, 'utf8'))).toEqual([
      { domain: 'json2.example', name: 'Broken', tier: 'top', source_row: 2, import_errors: ['column tier: "top" is not a tier, expected 1 (one-to-one), 2 (one-to-few) or 3 (one-to-many), or auto for the tier its score gives'] },
    ]);
  });

  it('says which file cannot be read and why', async () => {
    await expect(importFile(t.db, accountImporter, path.join(t.dir, 'missing.csv'))).rejects.toThrow(/missing\.csv: no such file/);
    const broken = writeLines(t.dir, 'broken.csv', [accountHeader, '"unclosed.example,Unclosed']);
    await expect(importFile(t.db, accountImporter, broken)).rejects.toThrow(/broken\.csv: cannot be read as CSV: .*[Qq]uote/);
    // An empty file says so, not that its columns are missing.
    const empty = writeLines(t.dir, 'empty.csv', ['']);
    expect((await importError(importFile(t.db, accountImporter, empty))).message).toBe(`${empty}: is empty, expected a header row naming the columns, then a row per record`);
    const none = writeLines(t.dir, 'none.json', ['[]']);
    expect((await importError(importFile(t.db, accountImporter, none))).message).toBe(`${none}: holds no rows, expected a JSON array with one object per row`);
  });
});
