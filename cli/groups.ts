// The top-level commands and what they say in `harpoon --help`. Light on purpose: `--help` loads only
// this, and a call loads only its own group's module (cli/main.ts).
export const commandGroups = {
  start: 'Run Harpoon on its embedded defaults: Temporal dev server, database, SMTP sink, worker, HTTP (what `npm start` does)',
  serve: 'Run only the tracking and unsubscribe HTTP server, against the configured database',
  accounts: 'Target accounts: import, value assessment, tiers, the pool and the negative list',
  contacts: 'Contacts: the buying group of each account, with roles and consent',
  journeys: 'Define, launch, steer and inspect account journeys',
  events: 'Engagement events',
  mail: 'Read the emails the local SMTP sink received (the outbox)',
  sales: "Sales handoffs: a rep's inbox, the evidence, and accept / reject / opportunity / won / lost",
  reviews: 'Account reviews: the tier-1 reviews waiting for a person, their evidence, and decisions',
} as const;

export type CommandGroup = keyof typeof commandGroups;
