// Webhook subscriptions and chat alert channels: adding, listing and removing them, the same for the
// CLI, the API and the console. A webhook's secret is made here and returned once, at creation.
import type { Db } from '../db/client';
import { field } from '../domain/fields/field-ref';
import { conflict, invalid, notFound } from '../domain/use-case-error';
import { alertEventTypes } from './chat-alerts';
import { reachEventTypes, type ReachEventType } from './reach-event';
import { targetEvents } from './target-kinds';
import { newWebhookSecret } from './webhook-signature';
import { emailKey } from '../domain/accounts/email-address';

export const chatKinds = ['slack', 'teams'] as const;

export type TargetView = {
  id: string;
  kind: string;
  /** A chat channel's URL is its credential: shown shortened. */
  url: string;
  events: string[];
  owner: string | null;
  createdAt: string;
};

/** An absolute http(s) URL, or a message naming what is wrong. */
export function checkTargetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(`the URL ${JSON.stringify(raw)} is not a URL: expected e.g. https://crm.example.com/hooks/harpoon`, [], [{ field: 'url', message: 'expected an absolute http(s) URL' }]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`the URL ${JSON.stringify(raw)} uses ${url.protocol.replace(/:$/, '')}: expected https:// (or http://, where the receiver has no TLS)`, [], [{ field: 'url', message: 'expected http or https' }]);
  }
  return url.toString();
}

/** "mqa,won" or ["mqa", "won"] to known event types, or a message listing the unknown ones and the known. */
export function parseEventTypes(raw: string | string[]): ReachEventType[] {
  const names = (Array.isArray(raw) ? raw : raw.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(reachEventTypes as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    const what = names.length === 0 ? 'no event types given' : `unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`;
    throw invalid(`${field('events')}: ${what}; expected some of ${reachEventTypes.join(', ')}`, [], [{ field: 'events', message: `expected some of ${reachEventTypes.join(', ')}` }]);
  }
  return [...new Set(names as ReachEventType[])];
}

/**
 * A target's URL as lists show it: a chat webhook's path is its credential (cut short), and so is a
 * password in a webhook URL (`https://user:…@host/`).
 */
const shortUrl = (kind: string, url: string) => {
  const u = new URL(url);
  if (kind !== 'webhook') return `${u.origin}${u.pathname.slice(0, 12)}…`;
  if (!u.password) return url;
  return `${u.protocol}//${u.username}:…@${u.host}${u.pathname}${u.search}`;
};

/** Where a webhook lands, however it is spelt: credentials, a trailing slash or an empty query make no other receiver. */
const receiverOf = (url: string) => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}${u.search}`;
};

type Row = { id: string; kind: string; url: string; events: string; createdAt: Date; owner: { email: string } | null };
const view = (t: Row): TargetView => ({ id: t.id, kind: t.kind, url: shortUrl(t.kind, t.url), events: targetEvents(t), owner: t.owner?.email ?? null, createdAt: t.createdAt.toISOString() });

export async function addWebhook(db: Db, input: { url: string; events: string | string[] }): Promise<TargetView & { secret: string }> {
  const url = checkTargetUrl(input.url);
  const events = parseEventTypes(input.events);
  // Two subscriptions to one receiver would deliver an event twice under two signatures.
  const active = await db.reachTarget.findMany({ where: { kind: 'webhook', removedAt: null }, select: { id: true, events: true, url: true } });
  const same = active.find((t) => receiverOf(t.url) === receiverOf(url));
  if (same) {
    throw conflict(`a webhook to ${shortUrl('webhook', same.url)} exists already (${same.id}, events ${same.events}): remove it and add it again with every event it should receive (and the credentials it needs)`);
  }
  const secret = newWebhookSecret();
  const row = await db.reachTarget.create({ data: { kind: 'webhook', url, secret, events: events.join(',') }, include: { owner: true } });
  return { ...view(row), secret };
}

export async function addAlertChannel(db: Db, input: { kind: string; url: string; owner?: string }): Promise<TargetView> {
  if (!(chatKinds as readonly string[]).includes(input.kind)) {
    throw invalid(`${JSON.stringify(input.kind)} is not a chat kind: expected ${chatKinds.join(' or ')}`, [], [{ field: 'kind', message: `expected ${chatKinds.join(' or ')}` }]);
  }
  const url = checkTargetUrl(input.url);
  const owner = input.owner ? await db.salesRep.findUnique({ where: { email: emailKey(input.owner) } }) : null;
  if (input.owner && !owner) throw invalid(`${field('owner')}: no sales rep ${input.owner} (see "harpoon accounts reps list")`, [], [{ field: 'owner', message: 'expected a sales rep\'s e-mail' }]);
  const row = await db.reachTarget.create({ data: { kind: input.kind, url, events: alertEventTypes.join(','), ownerId: owner?.id ?? null }, include: { owner: true } });
  return view(row);
}

export type TargetGroup = 'webhooks' | 'alerts';
const kindsOf = (group: TargetGroup) => (group === 'webhooks' ? ['webhook'] : [...chatKinds]);

export async function listTargets(db: Db, group: TargetGroup): Promise<TargetView[]> {
  const rows = await db.reachTarget.findMany({ where: { kind: { in: kindsOf(group) }, removedAt: null }, orderBy: { createdAt: 'asc' }, include: { owner: true } });
  return rows.map(view);
}

/** Stops new deliveries and further attempts; what was delivered stays on record. */
export async function removeTarget(db: Db, group: TargetGroup, id: string): Promise<TargetView> {
  const row = await db.reachTarget.findFirst({ where: { id, kind: { in: kindsOf(group) }, removedAt: null }, include: { owner: true } });
  if (!row) throw notFound(`No ${group === 'webhooks' ? 'webhook subscription' : 'alert channel'} ${id}: see "harpoon ${group} list"`);
  await db.reachTarget.update({ where: { id }, data: { removedAt: new Date() } });
  return view(row);
}
