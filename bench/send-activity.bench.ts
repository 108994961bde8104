// The real sendEmail activity (load, contact policy against live rows, idempotency row, compose,
// send, touch) called directly for 500 contacts, against handing the same composed messages to
// the same pooled transport. Then the same 500 requests again, as a retried or replayed activity
// would make them: no second email may reach the SMTP server.
import path from 'node:path';
import type Mail from 'nodemailer/lib/mailer';
import { createActivities } from '../activities';
import type { Mailer, SendRequest, SendResult } from '../activities/send-email';
import type { Db } from '../db/client';
import { buyingGroupRoles, seniorities } from '../domain/accounts/vocabulary';
import { defaultContactPolicy } from '../domain/policy/contact-policy';
import { composeEmail, messageIdFor } from '../mail/compose';
import { startSmtpSink } from '../mail/smtp-sink';
import { createMailTransport } from '../mail/transport';
import { drainOutbox, elapsedMs, fmtMs, forEachConcurrently, freshDb, interleavedMedians, scratchDir, type BenchResult, type Check } from './support';

const ACCOUNTS = 100;
const CONTACTS_PER_ACCOUNT = 5; // under the default cap of 6 emails per account and week
const CONTACTS = ACCOUNTS * CONTACTS_PER_ACCOUNT;
// Activities run side by side on a worker; both sides get the same number in flight.
const IN_FLIGHT = 10;
const RUNS = 5;
const WARM_UP = 50;
const GOAL = 1.5;

const TEMPLATE = 'intro';
const STAGE = 'engage';
const STEP = 'engage/intro';
const timeZones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];

type Contact = Awaited<ReturnType<typeof seed>>[number];

async function seed(db: Db) {
  const accounts = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    accounts.push(
      await db.account.create({
        data: {
          domain: `account-${a}.example`,
          name: `Account ${a} GmbH`,
          industry: 'Manufacturing',
          tier: 2,
          poolStatus: 'target',
          timezone: timeZones[a % timeZones.length],
          contacts: {
            create: Array.from({ length: CONTACTS_PER_ACCOUNT }, (_, c) => ({
              email: `person-${c}@account-${a}.example`,
              firstName: `Person${c}`,
              lastName: `Account${a}`,
              title: 'Head of Operations',
              role: buyingGroupRoles[c % buyingGroupRoles.length],
              seniority: seniorities[c % seniorities.length],
            })),
          },
        },
        include: { contacts: { include: { account: true } } },
      }),
    );
  }
  return accounts.flatMap((a) => a.contacts);
}

function requestFor(c: Contact, nowMs: number): SendRequest {
  const workflowId = `journey/bench/${c.accountId}`;
  return {
    idempotencyKey: `${workflowId}|${STEP}|${c.id}`,
    workflowId,
    journeyKey: 'bench',
    accountId: c.accountId,
    contactId: c.id,
    templateKey: TEMPLATE,
    stage: STAGE,
    stepPath: STEP,
    nowMs,
    policy: { quietHours: { start: '00:00', end: '00:00', weekends: false } },
  };
}

/** The message the activity composes for this contact, byte for byte the same inputs. */
function composeFor(c: Contact, req: SendRequest, mailer: Mailer): Promise<Mail.Options> {
  return composeEmail({
    templateKey: req.templateKey,
    context: {
      contact: { firstName: c.firstName ?? '', lastName: c.lastName ?? '', title: c.title ?? '', role: c.role, seniority: c.seniority ?? 'individual' },
      account: { name: c.account.name, industry: c.account.industry ?? '' },
      stage: req.stage,
    },
    to: c.email,
    from: mailer.from,
    idempotencyKey: req.idempotencyKey,
    messageId: messageIdFor(req.idempotencyKey),
    publicUrl: mailer.publicUrl,
    secret: mailer.secret,
  });
}

function countByStatus(results: SendResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

export async function run(): Promise<BenchResult> {
  const outboxDir = path.join(scratchDir('send'), 'outbox');
  const sink = await startSmtpSink({ port: 0, outboxDir });
  const transport = createMailTransport(sink.url);
  const mailer: Mailer = {
    transport,
    from: 'Harpoon Marketing <marketing@harpoon.local>',
    publicUrl: 'http://127.0.0.1:8080',
    secret: 'bench-secret-0123456789abcdef',
    policy: defaultContactPolicy,
  };
  const lost: string[] = [];
  const delivered = (label: string, expected: number, results?: SendResult[]) => {
    const stored = drainOutbox(outboxDir);
    const sent = results ? results.filter((r) => r.status === 'sent').length : expected;
    if (stored !== expected || sent !== expected) lost.push(`${label}: ${results ? `${countByStatus(results)}, ` : ''}${stored} of ${expected} emails in the sink`);
  };

  /** A fresh database with the 500 contacts, and their requests. */
  const prepare = async () => {
    const fresh = await freshDb();
    const contacts = await seed(fresh.db);
    const nowMs = Date.now();
    return { ...fresh, contacts, requests: contacts.map((c) => requestFor(c, nowMs)) };
  };
  const sendAll = async (db: Db, requests: SendRequest[]) => {
    const { sendEmail } = createActivities({ db, mailer });
    const results: SendResult[] = [];
    const ms = await elapsedMs(() => forEachConcurrently(requests, IN_FLIGHT, async (req, i) => void (results[i] = await sendEmail(req))));
    return { ms, results };
  };

  let last: Awaited<ReturnType<typeof prepare>> | undefined;
  try {
    last = await prepare();
    // Warm-up: Prisma's first queries, template compilation, the pool's connections.
    const warmUp = await sendAll(last.db, last.requests.slice(0, WARM_UP));
    delivered('warm-up', WARM_UP, warmUp.results);
    // Composed once: the baseline resends the same messages, and only the hand-off is timed.
    let messages: Mail.Options[] = [];
    const { contacts, requests } = last;
    const composeMs = await elapsedMs(async () => (messages = await Promise.all(contacts.map((c, i) => composeFor(c, requests[i]!, mailer)))));

    const activityRun = async () => {
      await last?.db.$disconnect();
      last = await prepare();
      const { ms, results } = await sendAll(last.db, last.requests);
      delivered('activity run', CONTACTS, results);
      return ms;
    };
    const bareRun = async () => {
      const ms = await elapsedMs(() => forEachConcurrently(messages, IN_FLIGHT, async (m) => void (await transport.sendMail(m))));
      delivered('baseline run', CONTACTS);
      return ms;
    };

    await bareRun();
    const { measuredMs, baselineMs } = await interleavedMedians(RUNS, activityRun, bareRun);

    const again = await sendAll(last.db, last.requests);
    const extra = drainOutbox(outboxDir);
    const sendRows = await last.db.emailSend.count();
    const checks: Check[] = [
      {
        label: lost.length === 0 ? `every run: ${CONTACTS} sent and ${CONTACTS} emails in the sink` : `runs that lost or skipped email: ${lost.join('; ')}`,
        ok: lost.length === 0,
      },
      {
        label: `the same ${CONTACTS} idempotency keys sent again: ${extra} further emails reached the sink (${countByStatus(again.results)}, ${sendRows} EmailSend rows)`,
        ok: extra === 0 && again.results.every((r) => r.status === 'sent') && sendRows === CONTACTS,
      },
    ];

    const ratio = measuredMs / baselineMs;
    return {
      name: 'send-activity',
      measurement: fmtMs(measuredMs),
      baseline: fmtMs(baselineMs),
      ratio,
      goal: `activity/bare ≤ ${GOAL}×`,
      pass: ratio <= GOAL,
      notes: [
        `measured: sendEmail from createActivities() for ${CONTACTS} contacts of ${ACCOUNTS} accounts, fresh DB each run, quiet hours off, ${IN_FLIGHT} in flight; median of ${RUNS}`,
        `baseline: transport.sendMail of the same ${CONTACTS} composed messages on the same pooled transport and sink, ${IN_FLIGHT} in flight; median of ${RUNS}`,
        `of the activity's time, composing (which the baseline leaves out) is about ${fmtMs(composeMs)}; the idempotent second pass took ${fmtMs(again.ms)}`,
      ],
      checks,
    };
  } finally {
    transport.close();
    await last?.db.$disconnect();
    await sink.stop();
  }
}
