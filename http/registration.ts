// The register and decline links of an event invitation, framework-free: a signed token and a
// method in, a status and a page out, so any HTTP server can mount them in a few lines. The token
// names the invitation's send and the event (mail/compose.ts); a forged or altered one is refused
// before anything is recorded. GET only asks, as for unsubscribing: mail scanners open every link.
import type { RegistrationStatus } from '../domain/programme-events/vocabulary';
import { verifyToken } from '../mail/tracking';
import { answerClosedPage, confirmAnswerPage, declinedPage, invalidLinkPage, registeredPage, tryAgainPage, waitlistedPage } from './pages';
import { errorWithCauses } from '../client/error-words';

export type InvitationAnswer = 'register' | 'decline';

/** What recording an answer came to (programme-events/registrations.ts gives it). */
export type RecordedAnswer = {
  kind: 'registered' | 'waitlisted' | 'declined' | 'unchanged' | 'unknown_send' | 'unknown_event' | 'closed';
  eventTitle?: string;
  /** With `unchanged`: where the invitee still stands. */
  standing?: RegistrationStatus;
};

/** The page for where an invitee stands after a press that changed nothing. */
export function standingPage(standing: RegistrationStatus | undefined, answer: InvitationAnswer, title: string): string {
  switch (standing) {
    case 'waitlisted':
      return waitlistedPage(title);
    case 'registered':
    case 'attended':
      return registeredPage(title);
    case 'declined':
    case 'no_show':
      return declinedPage(title);
    default:
      return answer === 'register' ? registeredPage(title) : declinedPage(title);
  }
}

export type RegistrationDeps = {
  secret: string;
  answer: (req: { send: string; eventKey: string; answer: InvitationAnswer; at: Date }) => Promise<RecordedAnswer>;
  now?: () => Date;
  log?: (line: string) => void;
};

export type PageResponse = { status: number; html: string };

export async function answerInvitationLink(deps: RegistrationDeps, answer: InvitationAnswer, method: 'GET' | 'POST', token: string | null): Promise<PageResponse> {
  const payload = token ? verifyToken(token, deps.secret) : null;
  if (!payload || payload.kind !== answer || !payload.tag) return { status: 400, html: invalidLinkPage() };
  if (method === 'GET') return { status: 200, html: confirmAnswerPage(answer) };
  let recorded: RecordedAnswer;
  try {
    recorded = await deps.answer({ send: payload.send, eventKey: payload.tag, answer, at: (deps.now ?? (() => new Date()))() });
  } catch (err) {
    (deps.log ?? ((line) => process.stderr.write(`${line}\n`)))(`[http] could not record ${answer} for send ${payload.send}: ${errorWithCauses(err)}`);
    return { status: 500, html: tryAgainPage() };
  }
  const title = recorded.eventTitle ?? 'the event';
  switch (recorded.kind) {
    case 'registered':
      return { status: 200, html: registeredPage(title) };
    case 'waitlisted':
      return { status: 200, html: waitlistedPage(title) };
    case 'declined':
      return { status: 200, html: declinedPage(title) };
    case 'unchanged':
      // A second press records nothing again, and says where the invitee stands (still waitlisted, say).
      return { status: 200, html: standingPage(recorded.standing, answer, title) };
    case 'closed':
      return { status: 410, html: answerClosedPage() };
    default:
      return { status: 400, html: invalidLinkPage() };
  }
}
