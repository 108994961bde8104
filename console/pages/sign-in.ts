// Signing in: with an API key (the form posts it; the cookie then names the key, never holds it),
// with the signed link in a handoff email, which signs the rep in and opens the task, or with the
// admin link `npm start` prints (console/start-link.ts). Signing
// out clears the cookie. /console sends each role to its start page.
import { authenticate } from '../../use-cases/api-keys';
import { taskLinkPath, taskPath, verifyTaskLink } from '../../mail/task-link';
import { withSales } from '../../domain/access/roles';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html } from '../html';
import { layout, messagePage, sendPage } from '../layout';
import { endSession, startSession, viewerOf } from '../session';
import { verifyStartLink } from '../start-link';

const signInForm = (error?: string) =>
  layout({
    title: 'Sign in',
    viewer: null,
    section: 'none',
    body: html`<div class="card" style="max-width:520px">
${error ? html`<p class="error" role="alert" id="key-error">${error}</p>` : ''}
<form method="post" action="/console/sign-in">
  <label for="key">API key</label>
  <input id="key" name="key" type="password" autocomplete="off" required size="50"${error ? html` aria-describedby="key-error" aria-invalid="true"` : ''}>
  <p class="muted">Create one with <code>npx harpoon keys create --role marketing --name "console"</code>. Sales reps sign in with the link in their handoff email.</p>
  <button type="submit">Sign in</button>
</form></div>`,
  });

export const signInPages: ConsolePages = (deps) => async (app) => {
  app.get('/console', { config: { consoleRoles: withSales } }, (req, reply) =>
    reply.redirect(viewer(req).role === 'sales' ? '/console/inbox' : '/console/dashboard', 303),
  );

  app.get('/console/sign-in', async (req, reply) => {
    if (await viewerOf(req, deps.db, deps.secret)) return reply.redirect('/console', 303);
    return sendPage(reply, 200, signInForm());
  });

  app.post('/console/sign-in', async (req, reply) => {
    const key = String((req.body as Record<string, unknown> | undefined)?.key ?? '').trim();
    if (!key) return sendPage(reply, 400, signInForm('Enter an API key: "harpoon keys create" makes one.'));
    const principal = await authenticate(deps.db, key);
    if (!principal) return sendPage(reply, 401, signInForm('That key is unknown or revoked: check it, or ask an admin for a new one.'));
    startSession(reply, deps.secret, { role: principal.role, key: principal.keyId, rep: principal.salesRep?.id ?? null });
    return reply.redirect('/console', 303);
  });

  // Sign-out needs the session's CSRF token, like every form.
  app.post('/console/sign-out', { config: { consoleRoles: withSales } }, (_req, reply) => {
    endSession(reply);
    return reply.redirect('/console/sign-in', 303);
  });

  app.get('/console/start/:token', async (req, reply) => {
    const link = verifyStartLink((req.params as { token: string }).token, deps.secret);
    if (!link.ok) return sendPage(reply, 400, messagePage(null, 'Cannot sign in', 'This start link is not valid or has expired: sign in with an API key.', { href: '/console/sign-in', label: 'Sign in' }));
    startSession(reply, deps.secret, { role: 'admin', key: null, rep: null });
    return reply.redirect('/console', 303);
  });

  app.get(`${taskLinkPath}:token`, async (req, reply) => {
    const link = verifyTaskLink((req.params as { token: string }).token, deps.secret);
    if (!link.ok) {
      const text = link.why === 'expired' ? 'This link has expired: sign in with your API key to open the task.' : 'This link is not valid: open it again from the email, in full.';
      return sendPage(reply, link.why === 'expired' ? 410 : 400, messagePage(null, 'Cannot open this task', text, { href: '/console/sign-in', label: 'Sign in' }));
    }
    const rep = await deps.db.salesRep.findUnique({ where: { id: link.payload.rep }, select: { id: true } });
    if (!rep) return sendPage(reply, 400, messagePage(null, 'Cannot open this task', 'The rep this link was made for is no longer known.'));
    startSession(reply, deps.secret, { role: 'sales', key: null, rep: rep.id });
    // A page that moves on, not a redirect: a SameSite=Strict cookie set while following a link from
    // a mail client would not be sent on a redirect of that same cross-site navigation.
    const target = taskPath(link.payload.task);
    return sendPage(
      reply,
      200,
      layout({
        title: 'Signed in',
        viewer: null,
        section: 'none',
        head: html`<meta http-equiv="refresh" content="0;url=${target}">`,
        body: html`<p><a href="${target}">Open the task</a></p>`,
      }),
    );
  });
};
