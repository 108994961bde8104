// The channels attribution credits: what kind of contact with the account a touch was. An email the
// relay accepted is the programme reaching out; an open, click or reply is a person answering an
// email; registering for or attending a programme event is the event channel; a visit is the web
// site; an inquiry is a hand raised (a form, a call). Unsubscribes, bounces and no-shows are not
// interest and earn no credit.
import { engagementTouchTypes } from '../metrics/touch-kinds';

export const channels = ['email', 'email_engagement', 'event', 'web', 'inquiry'] as const;
export type Channel = (typeof channels)[number];

export const emailSentTouchType = 'email_sent';

// Keyed by every engagement touch type, so a new kind of engagement cannot be left without a channel.
const channelOfType: Record<(typeof engagementTouchTypes)[number] | typeof emailSentTouchType, Channel> = {
  email_sent: 'email',
  opened: 'email_engagement',
  clicked: 'email_engagement',
  replied: 'email_engagement',
  event_registered: 'event',
  event_attended: 'event',
  visited: 'web',
  inquiry: 'inquiry',
};

/** The touch types attribution reads. */
export const attributedTouchTypes = Object.keys(channelOfType);

export const channelOf = (type: string): Channel | undefined => channelOfType[type as keyof typeof channelOfType];
