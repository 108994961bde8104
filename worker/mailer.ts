// What the send activity needs to deliver email: a pooled SMTP transport and the settings that go
// into every message.
import type { Mailer } from '../activities/send-email';
import type { Config } from '../config/env';
import { defaultContactPolicy } from '../domain/policy/contact-policy';
import { trackingSecret } from '../mail/tracking';
import { createMailTransport } from '../mail/transport';

/** The configured relay, or the SMTP sink that `npm start` runs on this machine. */
export function smtpUrlOf(cfg: Config): string {
  return cfg.smtp.url ?? `smtp://127.0.0.1:${cfg.smtp.sinkPort}`;
}

export function createMailer(cfg: Config): Mailer {
  return {
    transport: createMailTransport(smtpUrlOf(cfg)),
    from: cfg.smtp.from,
    publicUrl: cfg.http.publicUrl,
    secret: trackingSecret(cfg.http.trackingSecret, cfg.dataDir),
    policy: defaultContactPolicy,
  };
}
