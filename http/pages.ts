// The few pages a recipient can see: small, self-contained HTML with no external resources.
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font:16px/1.5 Helvetica,Arial,sans-serif;color:#1f2933;background:#f3f5f7;margin:0;padding:48px 16px}
main{max-width:480px;margin:0 auto;background:#fff;padding:32px;border-radius:6px}
h1{font-size:22px;margin:0 0 16px}
button{font:inherit;background:#0b5cad;color:#fff;border:0;border-radius:4px;padding:10px 20px;cursor:pointer}
</style>
</head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body>
</html>
`;
}

// GET only asks: mail scanners open every link in a message, and must not unsubscribe anyone.
export const confirmUnsubscribePage = () =>
  page(
    'Unsubscribe from these emails?',
    `<p>You will no longer receive marketing emails from us at this address.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );

export const unsubscribedPage = () =>
  page('You are unsubscribed', '<p>We will not send you marketing emails any more. You can close this page.</p>');

export const invalidLinkPage = () =>
  page('This link is not valid', '<p>The link may be incomplete: try opening it again from the email, or copy it in full.</p>');

export const tryAgainPage = () =>
  page('Something went wrong', '<p>We could not record your request just now. Please try again in a minute.</p>');

export const notFoundPage = () => page('Not found', '<p>There is nothing here.</p>');

// An invitation's answers: GET asks (scanners open every link), the form's POST answers.
export const confirmAnswerPage = (answer: 'register' | 'decline') =>
  answer === 'register'
    ? page('Register for this event?', '<p>We will save you a seat and send you a reminder before it starts.</p><form method="post"><button type="submit">Register</button></form>')
    : page('Decline this invitation?', '<p>We will not send you reminders for this event.</p><form method="post"><button type="submit">Decline</button></form>');

export const registeredPage = (title: string) => page('You are registered', `<p>See you at ${escapeHtml(title)}. The calendar entry is in the invitation.</p>`);

export const waitlistedPage = (title: string) =>
  page('You are on the waitlist', `<p>${escapeHtml(title)} is full. We will tell you as soon as a seat frees up.</p>`);

export const declinedPage = (title: string) => page('Thank you for letting us know', `<p>You will not receive reminders for ${escapeHtml(title)}.</p>`);

export const answerClosedPage = () => page('Registration has closed', '<p>This event has already started.</p>');
