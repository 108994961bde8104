// The HTTP server behind the links in every email, wired to the engagement path: opens, clicks
// and unsubscribes become timeline touches, queued for the account's running journeys.
import { recordEngagement } from '../client/record-engagement';
import type { Config } from '../config/env';
import type { Db } from '../db/client';
import { startHttpServer } from '../http/server';
import { trackingSecret } from '../mail/tracking';

/** `kick`: the journey dispatcher of this process, if it runs one; otherwise a dispatcher elsewhere polls the queue. */
export function startTrackingServer(cfg: Config, db: Db, kick: (() => void) | undefined, log: (line: string) => void) {
  return startHttpServer({
    port: cfg.http.port,
    host: cfg.http.host,
    secret: trackingSecret(cfg.http.trackingSecret, cfg.dataDir),
    onEvent: async (e) => {
      const recorded = await recordEngagement(db, {
        type: e.type,
        contact: { id: e.payload.contactId },
        tag: e.payload.tag,
        at: e.at,
        source: 'email',
        detail: { sendKey: e.payload.sendKey, ...(e.payload.url ? { url: e.payload.url } : {}) },
      });
      if (recorded.queued.length > 0) kick?.();
    },
    log,
  });
}
