// A person's rights, as an admin exercises them through the API and the CLI on a real database file
// and a real outbox: the export holds what Harpoon has about them; the erasure leaves no name or
// address in any table or stored message, keeps the counts, refuses them in later imports and events,
// and queues the change for their running journey.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../generated/prisma/client';
import { composeEmail, messageIdFor } from '../../mail/compose';
import { startSmtpSink } from '../../mail/smtp-sink';
import { createMailTransport } from '../../mail/transport';
import { computeReport } from '../../metrics/report';
import { recordEngagement } from '../../engagement/record-engagement';
import { createApiKey } from '../../use-cases/api-keys';
import { erasePersonalData, exportPersonalData } from '../../use-cases/personal-data';
import { contextFor, PUBLIC_URL, SECRET, tempDir } from '../mail/support';
import { startApiWithoutTemporal } from '../support/api-server';
import { runCli } from '../support/cli';
import { rerunFirstTransaction } from '../support/rerun-first-transaction';

const outboxDir = path.join(tempDir('erasure'), 'outbox');
const mia = { email: 'mia.berg@acme.example', name: 'Mia Berg' };
let api: Awaited<ReturnType<typeof startApiWithoutTemporal>>;
const keys: Record<'admin' | 'marketing', string> = { admin: '', marketing: '' };
let miaId: string;
let accountId: string;

/** Every row of every table, as text: where a name or address could hide. */
async function everything(): Promise<string> {
  const rows = await Promise.all(
    Object.values(Prisma.ModelName).map((model) => (api.db as unknown as Record<string, { findMany(): Promise<unknown[]> }>)[model[0]!.toLowerCase() + model.slice(1)]!.findMany()),
  );
  return JSON.stringify(rows).toLowerCase();
}

beforeAll(async () => {
  api = await startApiWithoutTemporal(SECRET, { outboxDir });
  keys.admin = (await createApiKey(api.db, { name: 'dpo', role: 'admin' })).secret;
  keys.marketing = (await createApiKey(api.db, { name: 'ops', role: 'marketing' })).secret;

  expect((await api.call('POST', '/v1/accounts/import', keys.marketing, [{ domain: 'acme.example', name: 'Acme Axles', tier: 1 }])).status).toBe(200);
  const imported = await api.call('POST', '/v1/contacts/import', keys.marketing, [
    { email: 'Mia.Berg@acme.example', first_name: 'Mia', last_name: 'Berg', account_domain: 'acme.example', role: 'champion' },
    { email: 'ola@acme.example', first_name: 'Ola', account_domain: 'acme.example', role: 'budget_holder' },
  ]);
  expect(imported.status).toBe(200);
  const mias = await api.db.contact.findUniqueOrThrow({ where: { email: mia.email } });
  miaId = mias.id;
  accountId = mias.accountId;

  // What a journey leaves: a sent email (in the outbox too), Mia's click with what the source sent,
  // a handoff whose evidence names her, a failed send whose error quotes her address, a running journey.
  const sink = await startSmtpSink({ port: 0, outboxDir });
  const transport = createMailTransport(sink.url);
  const ola = { ...contextFor('budget_holder', 'manager'), contact: { firstName: 'Ola', lastName: 'Nor', title: 'CFO', role: 'budget_holder', seniority: 'manager' } };
  for (const [to, key, context] of [[mia.email, 'journey/x/acme|intro|mia', contextFor('champion', 'manager')], ['ola@acme.example', 'journey/x/acme|intro|ola', ola]] as const) {
    await transport.sendMail(await composeEmail({ templateKey: 'intro', context, to, from: 'M <m@harpoon.local>', idempotencyKey: key, messageId: messageIdFor(key), publicUrl: PUBLIC_URL, secret: SECRET }));
  }
  transport.close();
  await sink.stop();
  await api.db.emailSend.create({ data: { idempotencyKey: 'journey/x/acme|intro|mia', accountId, contactId: miaId, workflowId: 'journey/x/acme', stepPath: 'intro', templateKey: 'intro', messageId: messageIdFor('journey/x/acme|intro|mia'), status: 'sent', sentAt: new Date(), createdAt: new Date(Date.now() - 60_000) } });
  await api.db.emailSend.create({ data: { idempotencyKey: 'journey/x/acme|later|mia', accountId, contactId: miaId, workflowId: 'journey/x/acme', stepPath: 'later', templateKey: 'later', messageId: messageIdFor('journey/x/acme|later|mia'), status: 'failed', error: `550 <${mia.email}>: mailbox full`, createdAt: new Date() } });
  await recordEngagement(api.db, { type: 'clicked', contact: { id: miaId }, source: 'api', detail: { properties: { phone: '+47 555 0101', name: mia.name } } });
  await api.db.salesTask.create({
    data: { id: `handoff/${accountId}/1`, accountId, seq: 1, journeyWorkflowId: 'journey/x/acme', trigger: 'mqa', slaDays: 1, status: 'created', evidence: { engagedContacts: [{ contactId: miaId, name: mia.name, role: 'champion', did: ['clicked'] }], nextStep: `call ${mia.name} (champion)` } },
  });
  await api.db.journeyRun.create({ data: { workflowId: 'journey/x/acme', journeyKey: 'x', journeyVersion: 1, accountId, status: 'running', stage: 'engage' } });
  // A call about her, whose rep wrote her name in the note.
  await api.db.repTask.create({
    data: { idempotencyKey: 'journey/x/acme|engage/call#1', accountId, contactId: miaId, workflowId: 'journey/x/acme', journeyKey: 'x', stepPath: 'engage/call#1', channel: 'call', title: 'Call the champion', timeZone: 'Europe/Oslo', dueAt: new Date(), waits: false, status: 'done', note: `${mia.name} wants a pilot`, createdAt: new Date() },
  });
  // An event for her address sent before the import, kept as unmatched.
  await api.db.unmatchedEvent.create({ data: { id: 'early-1', type: 'visited', email: mia.email, domain: 'acme.example', occurredAt: new Date() } });
  // A review whose evidence names her, her registration for an event, and her attendance of another
  // import before she was known: every kind of row the export holds has one, so its answer is checked whole.
  await api.db.review.create({
    data: { id: `review/${accountId}/1`, accountId, seq: 1, journeyWorkflowId: 'journey/x/acme', mode: 'human', status: 'waiting', facts: { score: 40 }, evidence: { engagedContacts: [{ contactId: miaId, name: mia.name }] } },
  });
  const event = await api.db.event.create({
    data: { key: 'fleet-summit', kind: 'summit', title: 'Fleet Summit', startsAt: new Date('2026-12-10T09:00:00Z'), endsAt: new Date('2026-12-10T17:00:00Z'), timezone: 'Europe/Oslo' },
  });
  await api.db.eventRegistration.create({ data: { eventId: event.id, contactId: miaId, accountId, status: 'registered', respondedAt: new Date() } });
  await api.db.unmatchedAttendance.create({ data: { eventId: event.id, email: mia.email, domain: 'acme.example', attended: true, file: 'summit-attendance.csv', importedAt: new Date() } });
});

afterAll(() => api.stop());

describe("a person's data", () => {
  it('exports everything held about her, to admin keys only', async () => {
    expect((await api.call('GET', `/v1/contacts/${mia.email}/personal-data`, keys.marketing)).status).toBe(403);
    const { status, body } = await api.call('GET', `/v1/contacts/${encodeURIComponent('MIA.BERG@acme.example')}/personal-data`, keys.admin);
    expect(status).toBe(200);
    expect(body.contact).toMatchObject({ id: miaId, email: mia.email, firstName: 'Mia', lastName: 'Berg', role: 'champion' });
    expect(body.account).toEqual({ domain: 'acme.example', name: 'Acme Axles' });
    expect(body.timeline.map((t: { type: string }) => t.type)).toEqual(['clicked']);
    expect(body.emails.map((e: { templateKey: string; status: string }) => [e.templateKey, e.status])).toEqual([['intro', 'sent'], ['later', 'failed']]);
    expect(body.salesHandoffs).toHaveLength(1);
    expect(body.unmatchedEvents).toHaveLength(1);
    expect(body.storedMessages.map((m: { to: string }) => m.to)).toEqual([`"Mia Berg" <${mia.email}>`]);
    // Reading a person's whole record is audited, as `contacts export` is; the log keeps no address.
    const read = await api.db.auditEntry.findMany({ where: { action: 'GET /v1/contacts/:ref/personal-data' } });
    expect(read).toHaveLength(1);
    expect(JSON.stringify(read[0]!.detail)).not.toMatch(/mia\.berg/i);

    // The CLI gives the same, as a file.
    const file = path.join(path.dirname(outboxDir), 'mia.json');
    const cli = await runCli(['contacts', 'export', miaId, '--out', file], { DATABASE_URL: api.url, HARPOON_DATA_DIR: path.dirname(outboxDir) });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(`Wrote what Harpoon holds about contact ${miaId} to ${file}`);

    // Nothing dropped on the way: the API's answer is the use case's, as JSON, and the CLI's file,
    // every row of every kind included (the moment of the export aside).
    for (const rows of ['timeline', 'emails', 'eventRegistrations', 'salesHandoffs', 'reviews', 'repTasks', 'unmatchedEvents', 'unmatchedAttendance', 'storedMessages']) expect(body[rows].length, rows).toBeGreaterThan(0);
    const { exportedAt: _apiAt, ...fromApi } = body;
    const { exportedAt: _useCaseAt, ...fromUseCase } = JSON.parse(JSON.stringify(await exportPersonalData(api.db, miaId, outboxDir)));
    expect(fromApi).toEqual(fromUseCase);
    const { exportedAt: _cliAt, ...fromCli } = JSON.parse(await readFile(file, 'utf8'));
    expect(fromApi).toEqual(fromCli);
    expect(body.eventRegistrations[0]).toEqual({ event: { key: 'fleet-summit', title: 'Fleet Summit' }, status: 'registered', invitedAt: expect.any(String), respondedAt: expect.any(String), attendedAt: null });
    expect(body.contact.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('erases her: no name or address left anywhere, the counts kept, her journey told', async () => {
    const before = await computeReport(api.db, {});
    expect(await everything()).toContain(mia.email);
    expect((await api.call('POST', `/v1/contacts/${mia.email}/erase`, keys.marketing, { reason: 'her request' })).status).toBe(403);
    expect((await api.call('POST', `/v1/contacts/${mia.email}/erase`, keys.admin, { reason: '  ' })).status).toBe(400);

    const { status, body } = await api.call('POST', `/v1/contacts/${mia.email}/erase`, keys.admin, { reason: 'her request of 2026-12-01' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ contactId: miaId, account: 'acme.example', touchesAnonymised: 1, unmatchedDeleted: 2, journeysTold: 1 }); // the early event and the attendance
    expect(body.mentionsRemoved).toBe(4); // the handoff's and the review's evidence, the failed send's error and the rep task's note
    expect(body.messagesDeleted.map((m: { to: string }) => m.to)).toEqual([`"Mia Berg" <${mia.email}>`]);

    const all = await everything();
    expect(all).not.toContain(mia.email);
    expect(all).not.toContain(mia.name.toLowerCase());
    expect(all).not.toContain('+47 555 0101');
    expect(all).toContain('ola@acme.example'); // her colleague is untouched
    const { stdout } = await runCli(['mail', 'list', '--json'], { HARPOON_DATA_DIR: path.dirname(outboxDir) });
    expect(JSON.parse(stdout).map((m: { to: string }) => m.to)).toEqual(['"Ola Nor" <ola@acme.example>']);

    // Counts stay: she was reached and engaged, as an anonymous stub that nobody may contact.
    const after = await computeReport(api.db, {});
    expect([after.shortTerm.contactsReached, after.shortTerm.contactsEngaged, after.shortTerm.engagedKeyRoles]).toEqual([
      before.shortTerm.contactsReached,
      before.shortTerm.contactsEngaged,
      before.shortTerm.engagedKeyRoles,
    ]);
    expect(await api.db.contact.findUniqueOrThrow({ where: { id: miaId } })).toMatchObject({ firstName: null, lastName: null, consent: 'do_not_contact', erasedAt: expect.any(Date) });

    const told = await api.db.journeyDelivery.findMany({ where: { workflowId: 'journey/x/acme', kind: 'contactChanged' } });
    expect(told.map((d) => d.payload as { contactId: string; consent: string }).map((p) => [p.contactId, p.consent])).toEqual([[miaId, 'do_not_contact']]);
  });

  it('keeps her out afterwards: a second erasure, an import, an event and an export all know', async () => {
    expect((await api.call('POST', `/v1/contacts/${miaId}/erase`, keys.admin, { reason: 'again' })).status).toBe(409);
    const lookup = await api.call('GET', `/v1/contacts/${mia.email}/personal-data`, keys.admin);
    expect([lookup.status, lookup.body.error]).toEqual([404, expect.stringMatching(/was erased on \d{4}-\d\d-\d\d: Harpoon keeps only a hash/)]);

    const again = await api.call('POST', '/v1/contacts/import', keys.marketing, [{ email: mia.email, first_name: 'Mia', account_domain: 'acme.example', role: 'champion' }]);
    expect([again.status, again.body.created, again.body.notes]).toEqual([200, 0, [expect.stringMatching(/^1 row names a person erased on their request: left out/)]]);
    expect(await api.db.contact.count({ where: { email: mia.email } })).toBe(0);

    const event = await api.call('POST', '/v1/engagement-events', keys.marketing, {
      events: [{ id: 'late-1', type: 'visited', contact: { email: mia.email }, occurredAt: new Date().toISOString(), properties: { page: '/pricing' } }],
    });
    expect([event.status, event.body.unmatched]).toEqual([202, 1]);
    expect(await everything()).not.toContain(mia.email);
  });

  it('names the messages it deleted when its transaction runs twice, as PostgreSQL runs it after a write conflict', async () => {
    const { db, reran } = rerunFirstTransaction(api.db);
    const report = await erasePersonalData(db, 'ola@acme.example', { reason: 'her request', outboxDir });
    expect(reran()).toBe(true);
    expect(report.messagesDeleted.map((m) => m.to)).toEqual(['"Ola Nor" <ola@acme.example>']);
    const { stdout } = await runCli(['mail', 'list', '--json'], { HARPOON_DATA_DIR: path.dirname(outboxDir) });
    expect(JSON.parse(stdout)).toEqual([]);
    expect(await everything()).not.toContain('ola@acme.example');
  });
});
