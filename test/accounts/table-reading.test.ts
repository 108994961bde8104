// Reading import files as people actually produce them: a value split by an unquoted comma, a
// header with nothing under it, spreadsheet columns with no name, JSON keys that collide, tab-separated
// text; and the rejects file that must give back every cell the user wrote.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountImporter } from '../../accounts/import-accounts';
import { contactImporter } from '../../accounts/import-contacts';
import { salesRepImporter } from '../../accounts/import-sales-reps';
import { projectRoot } from '../../config/env';
import { useFreshDb } from '../support/fresh-db';
import { importError, importFile, writeLines } from './helpers';

const t = useFreshDb({ each: true });

const domains = async () => (await t.db.account.findMany({ orderBy: { domain: 'asc' } })).map((a) => a.domain);

describe('the rejects file of a partial import', () => {
  it('keeps every cell of a row with a cell too many, so the fixed file imports the whole row', async () => {
    const file = writeLines(t.dir, 'split.csv', ['domain,name,country', 'acme-inc.example,Acme, Inc.,US', 'good.example,Good Ltd,DE']);
    const report = await importFile(t.db, accountImporter, file, { partial: true });
    expect(report).toMatchObject({ created: 1, rejected: 1 });

    const rejects = readFileSync(report.rejectsFile!, 'utf8');
    // The extra cell stays in its place, under a header cell with no name.
    expect(rejects).toBe(
      '\uFEFFdomain,name,country,,source_row,import_errors\r\n' +
        'acme-inc.example,Acme," Inc.",US,2,"has 4 cells but the header has 3, expected one cell per column (put a value that contains a comma in double quotes)"\r\n',
    );

    // Left as it is, the row is refused again, pointing at the cell with no column.
    const again = await importError(importFile(t.db, accountImporter, report.rejectsFile!));
    expect(again.details).toEqual(['row 2: column 4 (D) holds "US" but has no name in the header row; name the column in the header row or delete it']);

    // Fixed as a spreadsheet user would (the two halves joined, the country moved left): imported, country included.
    writeFileSync(report.rejectsFile!, rejects.replace('Acme," Inc.",US,', '"Acme, Inc.",US,,'));
    expect(await importFile(t.db, accountImporter, report.rejectsFile!)).toMatchObject({ created: 1, rejected: 0 });
    expect(await t.db.account.findUniqueOrThrow({ where: { domain: 'acme-inc.example' } })).toMatchObject({ name: 'Acme, Inc.', country: 'US' });
  });

  it('is written with the separator of the file it came from', async () => {
    const file = writeLines(t.dir, 'semi.csv', ['domain;name;country', 'semi-inc.example;Semi; Inc.;US', 'comma.example;Comma, Co;Atlantis', 'ok.example;OK;DE']);
    const report = await importFile(t.db, accountImporter, file, { partial: true });
    expect(report).toMatchObject({ created: 1, rejected: 2 });
    expect(readFileSync(report.rejectsFile!, 'utf8').split('\r\n')).toEqual([
      '\uFEFFdomain;name;country;;source_row;import_errors',
      'semi-inc.example;Semi;" Inc.";US;2;has 4 cells but the header has 3, expected one cell per column (put a value that contains a semicolon in double quotes)',
      'comma.example;Comma, Co;Atlantis;;3;"column country: ""Atlantis"" is not a country, expected an ISO 3166-1 code such as DE or CN, or an English name such as Germany"',
      '',
    ]);
  });
});

describe('a file with a header and no rows', () => {
  it('is refused, CSV as JSON, for every importer', async () => {
    for (const [importer, header] of [
      [accountImporter, 'domain,name'],
      [contactImporter({ createAccounts: false }), 'email,account_domain'],
      [salesRepImporter, 'email,name'],
    ] as const) {
      const file = writeLines(t.dir, 'header-only.csv', [header]);
      const err = await importError(importFile(t.db, importer as typeof accountImporter, file));
      expect(err.message).toBe(`${file}: holds no rows, expected a row per record below the header row`);
    }
    // Blank lines below the header are no rows either.
    const blank = writeLines(t.dir, 'blank-rows.csv', ['domain,name', ',', '']);
    expect((await importError(importFile(t.db, accountImporter, blank))).message).toBe(`${blank}: holds no rows, expected a row per record below the header row`);
  });
});

describe('an Excel workbook given instead of its CSV', () => {
  it('is refused as a workbook, .xlsx or old .xls, whatever it is named, with how to save it as CSV', async () => {
    const files = {
      // A real .xlsx: a ZIP archive whose compressed bytes are no UTF-8 text.
      'accounts.xlsx': Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml'), Buffer.from([0x8d, 0xfe, 0xc3, 0x28])]),
      // A tiny one whose bytes all happen to be UTF-8, saved with the name of the CSV it should have been.
      'accounts.csv': Buffer.from('PK\x03\x04\x14\x00\x00\x00xl/workbook.xml'),
      // An old .xls: an OLE compound file.
      'accounts.xls': Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x00]),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const file = path.join(t.dir, name);
      writeFileSync(file, bytes);
      expect((await importError(importFile(t.db, accountImporter, file))).message, name).toBe(
        `${file} is an Excel workbook, not CSV: save it as CSV UTF-8 (File > Save As > CSV UTF-8) and import that`,
      );
    }
    expect(await domains()).toEqual([]);
  });
});

describe('header cells with no name', () => {
  it('are ignored when their column is empty, as a spreadsheet exports formatted empty columns', async () => {
    const file = writeLines(t.dir, 'trailing.csv', ['domain,name,,', 'one.example,One,,', 'two.example,Two', 'three.example,Three,']);
    expect(await importFile(t.db, accountImporter, file)).toMatchObject({ created: 3, rejected: 0 });
    expect(await domains()).toEqual(['one.example', 'three.example', 'two.example']);
  });

  it('refuse a value under them, naming the row and the column by number and letter', async () => {
    const file = writeLines(t.dir, 'unnamed.csv', ['domain,name,', 'ok.example,OK,', 'lost.example,Lost,US']);
    const err = await importError(importFile(t.db, accountImporter, file));
    expect(err.message).toMatch(/^unnamed\.csv: 1 of 2 rows is invalid .*Fix it and import again/);
    expect(err.details).toEqual(['row 3: column 3 (C) holds "US" but has no name in the header row; name the column in the header row or delete it']);
    expect(await domains()).toEqual([]);
  });

  it('still leave a row that lacks a named column short', async () => {
    const err = await importError(importFile(t.db, accountImporter, writeLines(t.dir, 'short.csv', ['domain,name,', 'short.example'])));
    expect(err.details).toEqual(['row 2: has 1 cell but the header has 3, expected one cell per column (put a value that contains a comma in double quotes)']);
  });
});

describe('JSON keys that name the same column', () => {
  it('refuse the row, naming both keys, instead of keeping whichever came last', async () => {
    const file = path.join(t.dir, 'keys.json');
    writeFileSync(
      file,
      JSON.stringify([
        { Domain: 'first.example', domain: 'second.example', name: 'Which' },
        { domain: 'attrs.example', name: 'Attrs', attributes: { foo: 'a' }, 'attr.foo': 'b' },
        { domain: 'fine.example', name: 'Fine', attributes: { foo: 'a' } },
      ]),
    );
    const err = await importError(importFile(t.db, accountImporter, file));
    expect(err.details).toEqual([
      'row 1: the keys "Domain" and "domain" both name the column domain, expected each column once (pick one key and delete the other)',
      'row 2: the keys "attributes"."foo" and "attr.foo" both name the column attr.foo, expected each column once (pick one key and delete the other)',
    ]);
    expect(await importFile(t.db, accountImporter, file, { partial: true })).toMatchObject({ created: 1, rejected: 2 });
    expect(await domains()).toEqual(['fine.example']);
  });
});

describe('a tab-separated file', () => {
  it('is read with tabs between cells, and its rejects are written so', async () => {
    const file = writeLines(t.dir, 'export.tsv', ['Domain\tName\tCountry', 'tab.example\tTab, Co\tDE', 'bad.example\tBad\tAtlantis']);
    const report = await importFile(t.db, accountImporter, file, { partial: true });
    expect(report).toMatchObject({ created: 1, rejected: 1 });
    expect(await t.db.account.findUniqueOrThrow({ where: { domain: 'tab.example' } })).toMatchObject({ name: 'Tab, Co', country: 'DE' });
    expect(readFileSync(report.rejectsFile!, 'utf8').split('\r\n')[1]).toMatch(/^bad\.example\tBad\tAtlantis\t3\t"column country: /);
  });
});

describe('a file whose lines end in different ways', () => {
  it('is read line by line all the same: a Windows header over rows appended on a Mac or Linux, and the reverse', async () => {
    const file = path.join(t.dir, 'mixed.csv');
    writeFileSync(file, 'domain,name,country\r\ncrlf.example,Windows Row,DE\nlf.example,Unix Row,US\r\nold-mac.example,Old Mac,FR\r"quoted.example","Quoted, Inc.",AT\n');
    expect(await importFile(t.db, accountImporter, file)).toMatchObject({ created: 4, rejected: 0 });
    const accounts = await t.db.account.findMany({ orderBy: { domain: 'asc' }, select: { domain: true, name: true, country: true } });
    expect(accounts).toEqual([
      { domain: 'crlf.example', name: 'Windows Row', country: 'DE' },
      { domain: 'lf.example', name: 'Unix Row', country: 'US' },
      { domain: 'old-mac.example', name: 'Old Mac', country: 'FR' },
      { domain: 'quoted.example', name: 'Quoted, Inc.', country: 'AT' },
    ]);
  });
});

describe('what an import says', () => {
  it('cuts a huge value it quotes to about 60 characters', async () => {
    const huge = 'x'.repeat(1_000_000);
    const err = await importError(importFile(t.db, accountImporter, writeLines(t.dir, 'huge.csv', ['domain,name', `huge.example,${huge}`])));
    expect(err.details).toHaveLength(1);
    expect(err.details[0]).toMatch(new RegExp(`^row 2, column name: "x{59}…" is not at most 200 characters long`));
    expect(err.details[0]!.length).toBeLessThan(200);
  });

  it('agrees with its counts when one row is rejected or one account is added', async () => {
    const created = await importFile(
      t.db,
      contactImporter({ createAccounts: true }),
      writeLines(t.dir, 'contacts.csv', ['email,account_domain', 'ken@new-customer.example,new-customer.example']),
    );
    expect(created.notes).toContain('1 new account domain was added as a candidate account');

    const file = writeLines(t.dir, 'one-bad.csv', ['domain,name,country', 'acme-inc.example,Acme, Inc.,US', 'good.example,Good Ltd,DE']);
    const run = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(projectRoot, 'bin', 'harpoon.mjs'), 'accounts', 'import', file, '--partial'], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: t.url } }, (_err, stdout, stderr) =>
        resolve({ stdout, stderr }),
      );
    });
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${file}: 2 rows: 1 account created, 0 updated, 0 unchanged, 1 rejected.`);
    expect(lines.at(-1)).toBe(`The 1 rejected row and what is wrong with it are in ${path.join(t.dir, 'one-bad.rejects.csv')}; fix it there and import that file.`);
  });
});
