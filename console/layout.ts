// The frame of every console page: navigation for the viewer's role, the sign-out form, and the
// stylesheet and script (served from /console/assets; no external resources).
import type { FastifyReply } from 'fastify';
import { Html, html } from './html';
import type { Viewer } from './session';

type Section = 'inbox' | 'accounts' | 'dashboard' | 'attribution' | 'lift' | 'journeys' | 'programme-events' | 'experiments' | 'audiences' | 'audit' | 'webhooks' | 'account' | 'none';

const links: { section: Section; href: string; label: string; roles: readonly string[] }[] = [
  { section: 'inbox', href: '/console/inbox', label: 'Sales inbox', roles: ['sales', 'admin'] },
  { section: 'dashboard', href: '/console/dashboard', label: 'Dashboard', roles: ['marketing', 'admin'] },
  { section: 'accounts', href: '/console/accounts', label: 'Accounts', roles: ['marketing', 'admin'] },
  { section: 'attribution', href: '/console/attribution', label: 'Attribution', roles: ['marketing', 'admin'] },
  { section: 'lift', href: '/console/lift', label: 'Lift', roles: ['marketing', 'admin'] },
  { section: 'journeys', href: '/console/journeys', label: 'Journeys', roles: ['marketing', 'admin'] },
  { section: 'programme-events', href: '/console/programme-events', label: 'Programme events', roles: ['marketing', 'admin'] },
  { section: 'experiments', href: '/console/experiments', label: 'Experiments', roles: ['marketing', 'admin'] },
  { section: 'audiences', href: '/console/audiences', label: 'Ad audiences', roles: ['marketing', 'admin'] },
  { section: 'audit', href: '/console/audit', label: 'Audit log', roles: ['admin'] },
  { section: 'webhooks', href: '/console/webhooks', label: 'Webhooks', roles: ['admin'] },
];

/** Where a notice for every page goes (console.ts fills it in as the page is sent). */
const noticeSlot = new Html('<!--harpoon-notice-->');

export const withNotice = (page: string, text: string) =>
  page.replace(noticeSlot.value, html`<p class="notice" role="status">${text}</p>`.value);

export function layout(opts: { title: string; viewer: Viewer | null; section: Section; body: Html; scripts?: string[]; head?: Html }): Html {
  const v = opts.viewer;
  const nav = v
    ? html`<nav aria-label="Console">
  <a class="brand" href="/console">Harpoon</a>
  ${links.filter((l) => l.roles.includes(v.role)).map((l) => html`<a href="${l.href}"${l.section === opts.section ? html` aria-current="page"` : ''}>${l.label}</a>`)}
  <span class="who">${v.rep ? `${v.rep.name ?? v.rep.email} (sales)` : v.role}</span>
  <form method="post" action="/console/sign-out"><input type="hidden" name="_csrf" value="${v.csrf}"><button type="submit" class="link">Sign out</button></form>
</nav>`
    : html`<nav aria-label="Console"><a class="brand" href="/console">Harpoon</a></nav>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${opts.title} · Harpoon</title>
<link rel="stylesheet" href="/console/assets/console.css">
${opts.head}
${(opts.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>${nav}</header>
<main id="main" tabindex="-1">
${noticeSlot}
<h1>${opts.title}</h1>
${opts.body}
</main>
</body>
</html>
`;
}

const headers = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  // A task link's token sits in its URL: never pass it on.
  'Referrer-Policy': 'no-referrer',
};

export const sendPage = (reply: FastifyReply, status: number, page: Html) => reply.code(status).headers(headers).send(page.value);

/** A page that says what happened and what to do, in the console's frame. */
export const messagePage = (viewer: Viewer | null, title: string, text: string, link?: { href: string; label: string }) =>
  layout({ title, viewer, section: 'none', body: html`<p class="message">${text}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ''}` });
