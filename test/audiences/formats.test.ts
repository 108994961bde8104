// The pure rules of ad audiences: each platform's normalisation and SHA-256 hashing, checked against
// published digests; each CSV layout; who is left out and why; when a schedule is due; file names.
import { describe, expect, it } from 'vitest';
import { countExclusions, exclusionOf, type AudienceCandidate } from '../../domain/audiences/exclusions';
import { normaliseEmail, normaliseEmailForGoogle, normaliseName, sha256Hex } from '../../domain/audiences/match-keys';
import { audienceScheduleSchema, exportFileName, nextRunAfter } from '../../domain/audiences/schedule';
import { audienceSelectionSchema } from '../../domain/audiences/selection';
import { audienceCsv, type AudiencePerson } from '../../domain/audiences/upload-formats';

describe('hashing', () => {
  it('is hex SHA-256 of the UTF-8 text (the FIPS 180-2 test vector)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the digest ad platforms publish for a normalised address', () => {
    // TikTok's Customer File guide shows this digest for "janedoe@gmail.com"; Google's rules reach
    // that same address from these spellings of it.
    const published = 'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69';
    for (const spelling of ['  JaneDoe@Gmail.com ', 'jane.doe@gmail.com', 'Jane.Doe+ads@GMAIL.COM']) {
      expect(sha256Hex(normaliseEmailForGoogle(spelling))).toBe(published);
    }
  });

  it("removes dots and +suffix for Google only from Gmail addresses, and LinkedIn's keeps them", () => {
    expect(normaliseEmailForGoogle('A.B+x@googlemail.com')).toBe('ab@googlemail.com');
    expect(normaliseEmailForGoogle(' Ann.Lee+ads@Acme.com ')).toBe('ann.lee+ads@acme.com');
    expect(normaliseEmail(' Jane.Doe+ads@Gmail.com ')).toBe('jane.doe+ads@gmail.com');
  });

  it('lower-cases and trims names, and has no name for an empty one', () => {
    expect(normaliseName('  Zoë  Pérez ')).toBe('zoë pérez');
    expect(normaliseName('   ')).toBeNull();
    expect(normaliseName(null)).toBeNull();
  });
});

const jane: AudiencePerson = { email: ' Jane.Doe@Gmail.com', firstName: 'Jane', lastName: 'Doe', title: 'CFO', company: 'Acme, Inc.', country: 'DE' };
const bob: AudiencePerson = { email: 'bob@acme.com', firstName: null, lastName: ' ', title: null, company: 'Acme, Inc.', country: null };

describe('layouts', () => {
  it("writes LinkedIn's contact-list template: hashed address, the rest in clear, quoted where needed", () => {
    const { csv, rows } = audienceCsv('linkedin', [jane, bob]);
    expect(rows).toBe(2);
    expect(csv).toBe(
      'email,firstname,lastname,jobtitle,employeecompany,country,googleaid\n' +
        `${sha256Hex('jane.doe@gmail.com')},Jane,Doe,CFO,"Acme, Inc.",DE,\n` +
        `${sha256Hex('bob@acme.com')},,,,"Acme, Inc.",,\n`,
    );
    expect(csv).not.toContain('@');
  });

  it('writes a name, title or company a spreadsheet would run as a formula as text, and the hashed columns as they are', () => {
    const mallory: AudiencePerson = { email: 'm@evil.example', firstName: '=HYPERLINK("http://evil.example","x")', lastName: '+1', title: '@SUM(A1)', company: '-2+3', country: 'DE' };
    expect(audienceCsv('linkedin', [mallory]).csv.split('\n')[1]).toBe(`${sha256Hex('m@evil.example')},"'=HYPERLINK(""http://evil.example"",""x"")",'+1,'@SUM(A1),'-2+3,DE,`);
    // Google's names are hashed (hex): nothing there for a spreadsheet to run.
    expect(audienceCsv('google', [mallory]).csv.split('\n')[1]).toBe(`${sha256Hex('m@evil.example')},${sha256Hex(normaliseName(mallory.firstName)!)},${sha256Hex('+1')},DE`);
  });

  it("writes Google's Customer Match columns: address and names hashed after normalising, country in clear", () => {
    const { csv } = audienceCsv('google', [jane, bob]);
    expect(csv).toBe(
      'Email,First Name,Last Name,Country\n' +
        'd6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69,' +
        `${sha256Hex('jane')},${sha256Hex('doe')},DE\n` +
        `${sha256Hex('bob@acme.com')},,,\n`,
    );
    expect(csv).not.toMatch(/jane|bob|acme/i);
  });

  it('makes one row of two contacts the platform reads as one person', () => {
    const twin = { ...jane, email: 'janedoe+news@gmail.com' };
    expect(audienceCsv('google', [jane, twin])).toMatchObject({ rows: 1, duplicates: 1 });
    expect(audienceCsv('linkedin', [jane, twin])).toMatchObject({ rows: 2, duplicates: 0 });
  });
});

describe('exclusions', () => {
  const ok: AudienceCandidate = { erased: false, suppressed: false, consent: 'subscribed', onNegativeList: false, poolStatus: 'target', heldOut: false };

  it('keeps a subscribed contact of a target account that nothing holds out', () => {
    expect(exclusionOf(ok)).toBeNull();
  });

  it('says the first reason that applies, the person before the account', () => {
    expect(exclusionOf({ ...ok, erased: true, suppressed: true, consent: 'do_not_contact' })).toBe('erased');
    expect(exclusionOf({ ...ok, suppressed: true, onNegativeList: true })).toBe('suppressed');
    expect(exclusionOf({ ...ok, consent: 'unsubscribed', heldOut: true })).toBe('unsubscribed');
    expect(exclusionOf({ ...ok, consent: 'bounced' })).toBe('bounced');
    expect(exclusionOf({ ...ok, consent: 'do_not_contact' })).toBe('do_not_contact');
    expect(exclusionOf({ ...ok, onNegativeList: true, poolStatus: 'excluded' })).toBe('negative_list');
    expect(exclusionOf({ ...ok, poolStatus: 'retired' })).toBe('not_target');
    expect(exclusionOf({ ...ok, heldOut: true })).toBe('held_out');
    expect(countExclusions(['held_out', null, 'held_out', 'erased'])).toMatchObject({ held_out: 2, erased: 1, bounced: 0 });
  });
});

describe('selection and schedules', () => {
  it('needs exactly one of tier or journey, and a known format', () => {
    expect(audienceSelectionSchema.parse({ tier: '2', format: 'google' })).toEqual({ tier: 2, format: 'google' });
    const both = audienceSelectionSchema.safeParse({ tier: '1', journey: 'x', format: 'linkedin' });
    expect(both.error?.issues[0]).toMatchObject({ path: ['tier'], message: expect.stringMatching(/^give exactly one of \{field:tier\}/) });
    expect(audienceSelectionSchema.safeParse({ format: 'google' }).success).toBe(false);
    expect(audienceSelectionSchema.safeParse({ tier: '4', format: 'google' }).error?.issues[0]).toMatchObject({ path: ['tier'], message: 'expected a tier: 1, 2 or 3' });
    expect(audienceSelectionSchema.safeParse({ tier: '1', format: 'facebook' }).error?.issues[0]?.path).toEqual(['format']);
  });

  it('refuses a schedule more often than hourly', () => {
    expect(audienceScheduleSchema.safeParse({ tier: '1', format: 'google', every: '30m', dir: '/tmp' }).error?.issues[0]?.path).toEqual(['every']);
    expect(audienceScheduleSchema.parse({ tier: '1', format: 'google', every: '1d', dir: '/tmp/x/../y' })).toMatchObject({ every: '1d', dir: '/tmp/y' });
  });

  it('is due next on its beat after now, skipping the beats a stopped worker missed', () => {
    const day = 86_400_000;
    expect(nextRunAfter(0, day, 0)).toBe(day);
    expect(nextRunAfter(0, day, 3.5 * day)).toBe(4 * day);
    expect(nextRunAfter(5 * day, day, 3 * day)).toBe(5 * day);
  });

  it('names files by audience, format and day, with the time when more than daily', () => {
    const at = Date.parse('2026-12-05T13:07:42Z');
    expect(exportFileName({ tier: 1, format: 'google' }, 86_400_000, at)).toBe('harpoon-audience-tier1-google-2026-12-05.csv');
    expect(exportFileName({ journey: 'exec/tier1', format: 'linkedin' }, 3_600_000, at)).toBe('harpoon-audience-journey-exec_tier1-linkedin-2026-12-05T1307Z.csv');
  });
});
