import { expect, it } from 'vitest';
import { accountRefs } from '../../accounts/account-refs';

it('reads one domain or account id per line, skipping blanks, comments and a "domain" header', () => {
  expect(accountRefs('\uFEFFdomain\r\nacme.example\r\n\r\n# paused for now\n  https://Globex.example/ \ncm1abc\n')).toEqual(['acme.example', 'https://Globex.example/', 'cm1abc']);
  expect(accountRefs('acme.example,Acme GmbH\nglobex.example,Globex\n')).toEqual(['acme.example', 'globex.example']);
});

it('takes the domain column of a CSV export wherever it stands, in any delimiter imports read', () => {
  const crm = 'Name,Industry,Domain\n"Acme, Inc.",Manufacturing,acme.example\n"Lab #3 ""North""",Pharma,lab3.example\n';
  expect(accountRefs(crm)).toEqual(['acme.example', 'lab3.example']);
  expect(accountRefs('name;domain\nAcme;acme.example\n')).toEqual(['acme.example']);
  expect(accountRefs('name\tdomain\nAcme\tacme.example\n')).toEqual(['acme.example']);
  expect(accountRefs('name,domain\nAcme,\n')).toEqual([]);
});
