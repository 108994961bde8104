// The send path as the send-activity and database benchmarks drive it: 500 contacts of 100
// accounts of their own, one send request each, the real sendEmail activity
// (load, contact policy against live rows, idempotency row, compose, send, touch) called directly
// with 10 in flight into the loopback SMTP sink, and the checks that every email reached the sink
// exactly once, also when the same requests come again as a retried or replayed activity makes them.
// Each database is made once and every run seeds new accounts into it: a worker keeps its database
// and connections for hours, so a run measures sends on warm connections (on PostgreSQL a new
// connection costs the server a process, its catalogue caches and a plan of each statement).
import path from 'node:path';
import type Mail from 'nodemailer/lib/mailer';
import { createActivities } from '../activities';
import type { Mailer, SendRequest, SendResult } from '../activities/send-email';
import type { Db } from '../db/client';
import type { DatabaseProvider } from '../db/provider';
import { buyingGroupRoles, seniorities } from '../domain/accounts/vocabulary';
import { defaultContactPolicy } from '../domain/policy/contact-policy';
import { composeEmail, messageIdFor } from '../mail/compose';
import { startSmtpSink } from '../mail/smtp-sink';
import { createMailTransport } from '../mail/transport';
import { benchDatabase, drainOutbox, elapsedMs, forEachConcurrently, freshDb, scratchDir, type Check, type FreshDb } from './support';

export const ACCOUNTS = 100;
const CONTACTS_PER_ACCOUNT = 5; // under the default cap of 6 emails per account and week
export const CONTACTS = ACCOUNTS * CONTACTS_PER_ACCOUNT;
// Activities run side by side on a worker; every side that sends gets the same number in flight.
export const IN_FLIGHT = 10;

const TEMPLATE = 'intro';
const STAGE = 'engage';
const STEP = 'engage/intro';
const timeZones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];

type Contact = Awaited<ReturnType<typeof seed>>[number];

/** The accounts of one run: `run` keeps their domains and addresses apart from earlier runs'. */
async function seed(db: Db, run: number) {
  const accounts = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    accounts.push(
      await db.account.create({
        data: {
          domain: `account-${run}-${a}.example`,
          name: `Account ${a} GmbH`,
          industry: 'Manufacturing',
          tier: 2,
          poolStatus: 'target',
          timezone: timeZones[a % timeZones.length],
          contacts: {
            create: Array.from({ length: CONTACTS_PER_ACCOUNT }, (_, c) => ({
              email: `person-${c}@account-${run}-${a}.example`,
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

/** A run's contacts, seeded into the path's database for its provider, and their send requests. */
export type SendWorld = FreshDb & { contacts: Contact[]; requests: SendRequest[] };

export type SendPath = Awaited<ReturnType<typeof startSendPath>>;

/** The sink, the pooled transport and the mailer; call stop() when done. */
export async function startSendPath() {
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
  const databases: Partial<Record<DatabaseProvider, FreshDb>> = {};
  let runs = 0;

  /** Drains the sink and notes a run whose count of stored (and, given results, sent) emails is not `expected`. */
  const delivered = (label: string, expected: number, results?: SendResult[]) => {
    const stored = drainOutbox(outboxDir);
    const sent = results ? results.filter((r) => r.status === 'sent').length : expected;
    if (stored !== expected || sent !== expected) lost.push(`${label}: ${results ? `${countByStatus(results)}, ` : ''}${stored} of ${expected} emails in the sink`);
  };

  /** The activity for each request, IN_FLIGHT at a time; only this is timed. */
  const sendAll = async (db: Db, requests: SendRequest[]) => {
    const { sendEmail } = createActivities({ db, mailer });
    const results: SendResult[] = [];
    const ms = await elapsedMs(() => forEachConcurrently(requests, IN_FLIGHT, async (req, i) => void (results[i] = await sendEmail(req))));
    return { ms, results };
  };

  return {
    transport,
    delivered,
    sendAll,

    /** New accounts and their requests in the database for `database` (BENCH_DATABASE by default), made on first use. */
    async prepare(database: DatabaseProvider = benchDatabase()): Promise<SendWorld> {
      const fresh = (databases[database] ??= await freshDb(database));
      const contacts = await seed(fresh.db, ++runs);
      const nowMs = Date.now();
      return { ...fresh, contacts, requests: contacts.map((c) => requestFor(c, nowMs)) };
    },

    /** Sends all of the world's requests and notes a run that did not deliver each once; returns its milliseconds. */
    async sendRun(label: string, world: SendWorld): Promise<number> {
      const { ms, results } = await sendAll(world.db, world.requests);
      delivered(label, world.requests.length, results);
      return ms;
    },

    /** The messages the activity would compose for the world's requests. */
    compose: (world: SendWorld) => Promise.all(world.contacts.map((c, i) => composeFor(c, world.requests[i]!, mailer))),

    /** Passes when every run noted by delivered() or sendRun() put each of its emails in the sink once. */
    deliveryCheck: (runs: string): Check => ({
      label: lost.length === 0 ? `${runs}: ${CONTACTS} sent and ${CONTACTS} emails in the sink` : `runs that lost or skipped email: ${lost.join('; ')}`,
      ok: lost.length === 0,
    }),

    /** The world's requests, already sent, sent again: nothing more may reach the sink. */
    async resendCheck(world: SendWorld, label = ''): Promise<{ check: Check; ms: number }> {
      const again = await sendAll(world.db, world.requests);
      const extra = drainOutbox(outboxDir);
      const sendRows = await world.db.emailSend.count({ where: { idempotencyKey: { in: world.requests.map((r) => r.idempotencyKey) } } });
      return {
        ms: again.ms,
        check: {
          label: `${label}the same ${CONTACTS} idempotency keys sent again: ${extra} further emails reached the sink (${countByStatus(again.results)}, ${sendRows} EmailSend rows)`,
          ok: extra === 0 && again.results.every((r) => r.status === 'sent') && sendRows === CONTACTS,
        },
      };
    },

    async stop() {
      transport.close();
      await sink.stop();
      for (const fresh of Object.values(databases)) await fresh.db.$disconnect();
    },
  };
}
