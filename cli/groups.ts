// The top-level commands and what they say in `harpoon --help`. Light on purpose: `--help` loads only
// this, and a call loads only its own group's module (cli/main.ts).
export const commandGroups = {
  start: 'Run Harpoon on its embedded defaults: Temporal dev server, database, SMTP sink, worker, HTTP (what `npm start` does)',
  serve: 'Run only the HTTP server (tracking and unsubscribe links, the /v1 API), against the configured database',
  accounts: 'Target accounts: import, value assessment, tiers, the pool and the negative list',
  contacts: 'Contacts: the buying group of each account, with roles and consent',
  journeys: 'Define, launch, steer and inspect account journeys',
  'programme-events': 'Programme events journeys invite to (webinars, roundtables ...): create, list, show, attendance import; also "harpoon events"',
  engagement: 'Engagement events: record one as if it came from a tracked link or a form',
  mail: 'Read the emails the local SMTP sink received (the outbox)',
  sales: "Sales handoffs: a rep's inbox, the evidence, and accept / reject / opportunity / won / lost",
  report: 'ABM metrics from engagement to ROI, live (--journey, --tier, --owner, --from/--to; --json, --csv), or their daily --trend; and what the programme caused: experiments, lift, attribution',
  costs: 'What the programme spent (per journey, event or email volume), for cost per opportunity and ROI',
  opportunities: "The CRM's opportunities outside the target pool, for the share of opportunities from target accounts",
  crm: 'CRM sync with HubSpot and Salesforce: status, and sync (won and lost deals back to their sales tasks)',
  keys: 'API keys for the HTTP API: create (per role), list, revoke',
  webhooks: 'Webhooks: subscribe URLs to reach events (mqa, handoffs, won ...), signed; the deliveries, and replaying failed ones',
  alerts: 'Rep alerts in Slack and Microsoft Teams: new handoffs, SLA reminders, escalations, rep tasks made, cancelled or expired, and work moved to a new owner; add, list, remove channels',
  reviews: 'Account reviews: the tier-1 reviews waiting for a person, their evidence, and decisions',
  audiences: "Ad audiences: a tier's or a journey's buying groups as LinkedIn or Google Customer Match CSV (hashed), now or on a schedule",
  audit: 'Who did what and when: every change through the API, the console and the command line (--actor, --action, --from/--to)',
  admin: "The Temporal cluster: setup (namespace check, Harpoon's search attributes), deploy show|set-current (Worker Versioning)",
} as const;

export type CommandGroup = keyof typeof commandGroups;

/** Earlier names that keep working: `harpoon events` is `harpoon programme-events`. */
export const groupAliases: Readonly<Record<string, CommandGroup>> = { events: 'programme-events' };
