// What the send activity needs to deliver email: a pooled SMTP transport, the relay's health shared
// by every send of the process, and the settings that go into every message.
import { defaultDeliverySettings, type Mailer } from '../activities/send-email';
import type { Config } from '../config/env';
import { defaultContactPolicy } from '../domain/policy/contact-policy';
import { dkimSigner } from '../mail/dkim';
import { RelayHealth } from '../mail/relay-health';
import { trackingSecret } from '../mail/tracking';
import { createMailTransport } from '../mail/transport';

/** The configured relay, or the SMTP sink that `npm start` runs on this machine. */
export function smtpUrlOf(cfg: Config): string {
  return cfg.smtp.url ?? `smtp://127.0.0.1:${cfg.smtp.sinkPort}`;
}

export function createMailer(cfg: Config, log: (line: string) => void = (line) => console.error(line)): Mailer {
  const transport = createMailTransport(smtpUrlOf(cfg), {}, cfg.smtp.dkim ? dkimSigner(cfg.smtp.dkim) : undefined);
  return {
    transport,
    relay: new RelayHealth({ probe: () => transport.verify(), log, label: transport.label }),
    delivery: { ...defaultDeliverySettings, outageLimitMs: cfg.smtp.outageLimitMs },
    log,
    from: cfg.smtp.from,
    publicUrl: cfg.http.publicUrl,
    secret: trackingSecret(cfg.http.trackingSecret, cfg.dataDir),
    policy: defaultContactPolicy,
    salesQueue: cfg.sales.escalationQueue,
  };
}
