// The HTTP server behind the links in every email, wired to the engagement path: opens, clicks
// and unsubscribes become timeline touches and signals to the account's running journeys.
import type { Client } from '@temporalio/client';
import { recordEngagement } from '../client/record-engagement';
import type { Config } from '../config/env';
import type { Db } from '../db/client';
import { startHttpServer } from '../http/server';
import { trackingSecret } from '../mail/tracking';

export function startTrackingServer(cfg: Config, db: Db, client: Client, log: (line: string) => void) {
  return startHttpServer({
    port: cfg.http.port,
    host: cfg.http.host,
    secret: trackingSecret(cfg.http.trackingSecret, cfg.dataDir),
    onEvent: async (e) => {
      await recordEngagement(db, client, {
        type: e.type,
        contact: { id: e.payload.contactId },
        tag: e.payload.tag,
        at: e.at,
        source: 'email',
        detail: { sendKey: e.payload.sendKey, ...(e.payload.url ? { url: e.payload.url } : {}) },
      });
    },
    log,
  });
}
