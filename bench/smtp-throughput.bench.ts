// SMTP throughput: Harpoon's pooled transport against one connection per message, both into the
// real loopback SMTP sink. The message is composed once from a real template (about 12 KB of
// HTML and text, tracked links, one-click headers) and sent with a new recipient and Message-ID
// each time, so the numbers are about the transport, not about rendering.
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { messageIdFor } from '../mail/compose';
import { startSmtpSink } from '../mail/smtp-sink';
import { createMailTransport, smtpDefaults } from '../mail/transport';
import { composeSample, drainOutbox, elapsedMs, forEachConcurrently, interleavedMedians, median, perSecond, scratchDir, type BenchResult, type Check } from './support';

const N = 2000;
// Unpooled, every message pays a full connection and greeting of its own, so its rate does not
// depend on how many are sent; a smaller sample keeps the run short (~30 msg/s here).
const BASELINE_N = 120;
// The pool's maxConnections: the baseline gets the same number of messages in flight, so the
// ratio measures connection reuse and not concurrency.
const IN_FLIGHT = 5;
const RUNS = 3;
const GOAL = 10;
const POOL_SIZES = [1, 2, 5, 10, 20];

function messageFor(template: Mail.Options, run: string, i: number): Mail.Options {
  return { ...template, to: `contact-${i}@bench.example`, messageId: messageIdFor(`bench/smtp/${run}/${i}`) };
}

export async function run(): Promise<BenchResult> {
  const outboxDir = path.join(scratchDir('smtp'), 'outbox');
  const sink = await startSmtpSink({ port: 0, outboxDir });
  const template = await composeSample('pricing-guide', 'bench/smtp/template');
  const checks: Check[] = [];
  const delivered = (label: string, sent: number) => {
    const stored = drainOutbox(outboxDir);
    if (stored !== sent) checks.push({ label: `${label}: the sink stored ${stored} of ${sent} messages`, ok: false });
  };

  const pooledRun = async (label: string, count: number, maxConnections?: number) => {
    const transport = createMailTransport(sink.url, maxConnections === undefined ? {} : { maxConnections });
    try {
      const ms = await elapsedMs(() => Promise.all(Array.from({ length: count }, (_, i) => transport.sendMail(messageFor(template, label, i)))));
      delivered(label, count);
      return ms;
    } finally {
      transport.close();
    }
  };
  const unpooledRun = async (label: string, count: number) => {
    const transport = nodemailer.createTransport(sink.url);
    try {
      const ms = await elapsedMs(() =>
        forEachConcurrently(Array.from({ length: count }, (_, i) => i), IN_FLIGHT, async (i) => {
          await transport.sendMail(messageFor(template, label, i));
        }),
      );
      delivered(label, count);
      return ms;
    } finally {
      transport.close();
    }
  };

  try {
    // Warm-up: JIT, the sink's first files, nodemailer's lazy modules.
    await pooledRun('warm-up pooled', 200);
    await unpooledRun('warm-up unpooled', 10);
    const { measuredMs, baselineMs } = await interleavedMedians(
      RUNS,
      (r) => pooledRun(`pooled run ${r + 1}`, N),
      (r) => unpooledRun(`unpooled run ${r + 1}`, BASELINE_N),
    );
    // What the pool's size (smtpDefaults.maxConnections) was chosen from: the same load, other sizes.
    const sweep: string[] = [];
    for (const size of POOL_SIZES) {
      const ms = median([await pooledRun(`pool of ${size}`, N / 2, size), await pooledRun(`pool of ${size}`, N / 2, size)]);
      sweep.push(`${size}: ${perSecond(N / 2, ms).toFixed(0)}/s`);
    }
    const pooled = perSecond(N, measuredMs);
    const unpooled = perSecond(BASELINE_N, baselineMs);
    const ratio = pooled / unpooled;
    if (checks.length === 0) checks.push({ label: `every run's messages all reached the sink (${RUNS}×${N} pooled, ${RUNS}×${BASELINE_N} unpooled)`, ok: true });
    return {
      name: 'smtp-throughput',
      measurement: `${pooled.toFixed(0)} msg/s`,
      baseline: `${unpooled.toFixed(1)} msg/s`,
      ratio,
      goal: `pooled/unpooled ≥ ${GOAL}×`,
      pass: ratio >= GOAL,
      notes: [
        `measured: createMailTransport (pool of ${smtpDefaults.maxConnections}, maxMessages ${smtpDefaults.maxMessages}, no Nagle), ${N} messages all handed over at once; median of ${RUNS}`,
        `baseline: nodemailer.createTransport(url) unpooled (one connection per message), ${BASELINE_N} messages, ${IN_FLIGHT} in flight; median of ${RUNS}`,
        `pool sizes (${N / 2} messages, median of 2): ${sweep.join(', ')}`,
        `one pricing-guide email (${String(template.html).length} B of HTML) composed once, sent with a new recipient and Message-ID each time; the sink runs in this process`,
      ],
      checks,
    };
  } finally {
    await sink.stop();
  }
}
