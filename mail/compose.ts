// One recipient's complete message: the rendered template with every link tracked, the open pixel,
// the recipient's own unsubscribe link and the RFC 8058 one-click headers, and a Message-ID that is
// the same on every retry of the same send. Nothing in it names an internal ID: the links carry an
// opaque reference to the send, the same hash the Message-ID is made of.
import type Mail from 'nodemailer/lib/mailer';
import type { EventTemplateFields } from './invitation';
import { addOpenPixel, rewriteHtmlLinks, rewriteTextLinks, type LinkRewriter } from './links';
import { fullName } from './person-name';
import { renderTemplate, type TemplateContext } from './templates';
import { sendRefFor, signToken, type TrackingPayload } from './tracking';

export type ComposeInput = {
  templateKey: string;
  /** An A/B test variant's subject line in place of the template's. */
  subject?: string;
  context: Omit<TemplateContext, 'links'>;
  to: string;
  from: string;
  idempotencyKey: string;
  /** From messageIdFor(idempotencyKey), made in the workflow so it survives replays. */
  messageId: string;
  publicUrl: string;
  secret: string;
  /** The Date header: the send's time on the journey's clock (now when absent). */
  date?: Date;
  /** An event invitation or reminder: the event for the template, register/decline links, the calendar entry. */
  invitation?: { eventKey: string; event: EventTemplateFields; ics: string };
};

/** A Message-ID from the idempotency key; hashed, as the key holds characters a Message-ID may not. */
export function messageIdFor(idempotencyKey: string, domain = 'harpoon'): string {
  return messageIdForRef(sendRefFor(idempotencyKey), domain);
}

/** The Message-ID of the send a link's reference names (every send uses the default domain). */
export function messageIdForRef(sendRef: string, domain = 'harpoon'): string {
  return `<${sendRef}@${domain}>`;
}

export async function composeEmail(input: ComposeInput): Promise<Mail.Options> {
  const publicUrl = input.publicUrl.replace(/\/+$/, '');
  const send = sendRefFor(input.idempotencyKey);
  const token = (payload: Pick<TrackingPayload, 'kind' | 'url' | 'tag'>) => signToken({ send, ...payload }, input.secret);
  // A link is in both parts, and a template may repeat one: each is signed once per email.
  const clickUrls = new Map<string | undefined, Map<string, string>>();
  const clickUrl = (url: string, tag: string | undefined) => {
    let byUrl = clickUrls.get(tag);
    if (!byUrl) clickUrls.set(tag, (byUrl = new Map()));
    let tracked = byUrl.get(url);
    if (tracked === undefined) byUrl.set(url, (tracked = `${publicUrl}/t/click?t=${token({ kind: 'click', url, tag })}`));
    return tracked;
  };
  const unsubscribeUrl = `${publicUrl}/u/${token({ kind: 'unsubscribe' })}`;
  // Harpoon's own links (already-tracked clicks, the unsubscribe page) must not be wrapped again.
  const ownPrefixes = [`${publicUrl}/t/`, `${publicUrl}/u/`, `${publicUrl}/e/`];
  const { invitation } = input;
  const answerLinks = invitation
    ? {
        register: `${publicUrl}/e/register?t=${token({ kind: 'register', tag: invitation.eventKey })}`,
        decline: `${publicUrl}/e/decline?t=${token({ kind: 'decline', tag: invitation.eventKey })}`,
      }
    : {};
  const trackUntagged: LinkRewriter = (url) =>
    ownPrefixes.some((prefix) => url.startsWith(prefix)) ? undefined : clickUrl(url, undefined);

  const rendered = await renderTemplate(
    input.templateKey,
    { ...input.context, links: { unsubscribe: unsubscribeUrl, ...answerLinks }, ...(invitation ? { event: invitation.event } : {}) },
    { trackLink: clickUrl },
  );
  const name = fullName(input.context.contact.firstName, input.context.contact.lastName);
  return {
    from: input.from,
    to: name ? { name, address: input.to } : input.to,
    subject: input.subject ?? rendered.subject,
    text: rewriteTextLinks(rendered.text, trackUntagged),
    html: addOpenPixel(rewriteHtmlLinks(rendered.html, trackUntagged), `${publicUrl}/t/open?t=${token({ kind: 'open' })}`),
    messageId: input.messageId,
    date: input.date,
    // As mail clients expect an invitation: a text/calendar alternative (clients offer to add it),
    // to which nodemailer adds the same entry as one invite.ics attachment (for the clients that only
    // show attachments). Adding our own as well would send two.
    ...(invitation ? { icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: invitation.ics } } : {}),
    // Written as headers rather than nodemailer's `list` option, which only its full transport
    // understands: the message is compiled ahead of the send (see mail/transport.ts).
    headers: {
      'List-Unsubscribe': { prepared: true, value: `<${unsubscribeUrl}>` },
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
