// The real sendEmail activity called directly for 500 contacts (bench/send-path.ts), against
// handing the same composed messages to the same pooled transport. Then the same 500 requests
// again, as a retried or replayed activity would make them: no second email may reach the SMTP
// server. On the database BENCH_DATABASE names (SQLite by default).
import type Mail from 'nodemailer/lib/mailer';
import { ACCOUNTS, CONTACTS, IN_FLIGHT, startSendPath, type SendWorld } from './send-path';
import { benchDatabase, elapsedMs, fmtMs, forEachConcurrently, interleavedMedians, type BenchResult } from './support';

const RUNS = 5;
const WARM_UP = 50;
const GOAL = 1.5;

export async function run(): Promise<BenchResult> {
  const send = await startSendPath();
  let last: SendWorld | undefined;
  try {
    last = await send.prepare();
    // Warm-up: Prisma's first queries, template compilation, the pool's connections.
    const warmUp = await send.sendAll(last.db, last.requests.slice(0, WARM_UP));
    send.delivered('warm-up', WARM_UP, warmUp.results);
    // Composed once: the baseline resends the same messages, and only the hand-off is timed.
    let messages: Mail.Options[] = [];
    const world = last;
    const composeMs = await elapsedMs(async () => (messages = await send.compose(world)));

    const activityRun = async () => {
      last = await send.prepare();
      return send.sendRun('activity run', last);
    };
    const bareRun = async () => {
      const ms = await elapsedMs(() => forEachConcurrently(messages, IN_FLIGHT, async (m) => void (await send.transport.sendMail(m))));
      send.delivered('baseline run', CONTACTS);
      return ms;
    };

    await bareRun();
    const { measuredMs, baselineMs } = await interleavedMedians(RUNS, activityRun, bareRun);
    const again = await send.resendCheck(last);

    const ratio = measuredMs / baselineMs;
    return {
      name: 'send-activity',
      measurement: fmtMs(measuredMs),
      baseline: fmtMs(baselineMs),
      ratio,
      goal: `activity/bare ≤ ${GOAL}×`,
      pass: ratio <= GOAL,
      notes: [
        `measured: sendEmail from createActivities() for ${CONTACTS} contacts of ${ACCOUNTS} accounts, new accounts each run in one ${benchDatabase()} database (warm connections, as a worker's), quiet hours off, ${IN_FLIGHT} in flight; median of ${RUNS}`,
        `baseline: transport.sendMail of the same ${CONTACTS} composed messages on the same pooled transport and sink, ${IN_FLIGHT} in flight; median of ${RUNS}`,
        `of the activity's time, composing (which the baseline leaves out) is about ${fmtMs(composeMs)}; the idempotent second pass took ${fmtMs(again.ms)}`,
      ],
      checks: [send.deliveryCheck('every run'), again.check],
    };
  } finally {
    await send.stop();
  }
}
