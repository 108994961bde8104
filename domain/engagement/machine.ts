// Is an open or a click the work of a person or of a machine? Mail security gateways fetch every
// link of an incoming email to scan it, link previews and image proxies fetch on their own, and
// all of them do it within seconds of delivery. Counting those would trigger a "clicked pricing"
// journey for nobody, so such hits stay on the timeline marked as machine-made and, by default,
// count neither toward the engagement score nor toward triggers. Pure, so the rule is unit-tested.

/** The facts of one hit on a tracked link, as the tracking server saw them. */
export type HitFacts = {
  method: string;
  userAgent: string | undefined;
  /**
   * Milliseconds from the send's recorded delivery to the hit (negative when the clocks disagree);
   * undefined when the send is not recorded as delivered yet.
   */
  msSinceDelivery: number | undefined;
};

export type MachineRule = {
  /** A hit sooner than this after delivery is machine-made: nobody opens and clicks that fast. 0 turns this off. */
  windowMs: number;
};

export type MachineVerdict = { machine: false } | { machine: true; reason: string };

export const defaultMachineRule: MachineRule = { windowMs: 10_000 };

/**
 * User agents that announce a machine, one entry per family, each with what it is. Matched
 * case-insensitively anywhere in the User-Agent header. Scanners that pose as browsers are caught
 * by the delivery window instead.
 */
export const MACHINE_USER_AGENTS: readonly { pattern: RegExp; what: string }[] = [
  // Image proxies fetch the open pixel for the mail client (sometimes when the reader opens the
  // email, sometimes ahead of it): the hit does not show that a person read the email.
  { pattern: /GoogleImageProxy|ggpht\.com/i, what: 'image proxy (Gmail)' },
  { pattern: /YahooMailProxy/i, what: 'image proxy (Yahoo Mail)' },
  // Security gateways and link scanners follow every link on arrival.
  { pattern: /Barracuda/i, what: 'security scanner (Barracuda)' },
  { pattern: /Proofpoint/i, what: 'security scanner (Proofpoint)' },
  { pattern: /Mimecast/i, what: 'security scanner (Mimecast)' },
  { pattern: /Symantec|MessageLabs/i, what: 'security scanner (Symantec)' },
  { pattern: /Trend ?Micro/i, what: 'security scanner (Trend Micro)' },
  { pattern: /IronPort|Cisco/i, what: 'security scanner (Cisco IronPort)' },
  { pattern: /Forcepoint|Websense/i, what: 'security scanner (Forcepoint)' },
  { pattern: /Sophos/i, what: 'security scanner (Sophos)' },
  // Link previews in chat and social apps.
  { pattern: /Slackbot|Slack-ImgProxy/i, what: 'link preview (Slack)' },
  { pattern: /facebookexternalhit|Facebot/i, what: 'link preview (Facebook)' },
  { pattern: /LinkedInBot/i, what: 'link preview (LinkedIn)' },
  { pattern: /Twitterbot/i, what: 'link preview (X/Twitter)' },
  { pattern: /WhatsApp/i, what: 'link preview (WhatsApp)' },
  { pattern: /SkypeUriPreview/i, what: 'link preview (Skype/Teams)' },
  { pattern: /Discordbot/i, what: 'link preview (Discord)' },
  { pattern: /TelegramBot/i, what: 'link preview (Telegram)' },
  // Scripts and headless browsers. Node's own fetch says just "node".
  { pattern: /HeadlessChrome|PhantomJS/i, what: 'headless browser' },
  { pattern: /^(?:curl|Wget)\//i, what: 'command-line HTTP client' },
  { pattern: /python-requests|python-urllib|aiohttp|Go-http-client|Java\/|Apache-HttpClient|libwww-perl|node-fetch|axios|undici|^node$/i, what: 'HTTP library' },
  // Anything else that calls itself a bot, crawler or spider ("CUBOT" is a phone brand).
  { pattern: /(?<![a-z])(?!cubot\b)[a-z]*bot\b|crawler|spider/i, what: 'bot or crawler' },
];

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

export function classifyHit(hit: HitFacts, rule: MachineRule = defaultMachineRule): MachineVerdict {
  // Mail clients fetch with GET; a HEAD only checks that the link is there.
  if (hit.method === 'HEAD') return { machine: true, reason: 'HEAD request (a link check, not a visit)' };
  const userAgent = hit.userAgent?.trim();
  if (!userAgent) return { machine: true, reason: 'no user agent (every browser and mail client sends one)' };
  const known = MACHINE_USER_AGENTS.find((m) => m.pattern.test(userAgent));
  if (known) return { machine: true, reason: `user agent of a ${known.what}` };
  if (rule.windowMs > 0) {
    if (hit.msSinceDelivery === undefined) {
      return { machine: true, reason: 'before the send was recorded as delivered' };
    }
    if (hit.msSinceDelivery < rule.windowMs) {
      return { machine: true, reason: `${seconds(hit.msSinceDelivery)} after delivery (faster than ${seconds(rule.windowMs)}: a prefetch)` };
    }
  }
  return { machine: false };
}
