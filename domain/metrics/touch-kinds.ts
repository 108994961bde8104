// Which timeline touches the metrics count. Engagement is a person's response: opens, clicks, visits,
// replies, inquiries, and event registration and attendance (recorded by the events feature as touches
// with detail.eventKey). Unsubscribes and bounces are responses but not interest.
export const engagementTouchTypes = ['opened', 'clicked', 'visited', 'replied', 'inquiry', 'event_registered', 'event_attended'] as const;

export const eventTouchTypes = { registered: 'event_registered', attended: 'event_attended', noShow: 'event_no_show' } as const;

/** Machine-made opens and clicks stay on the timeline with `counted: false` and count for nothing here either. */
export const isCounted = (detail: unknown) => (detail as { counted?: unknown } | null)?.counted !== false;

export const eventKeyOf = (detail: unknown): string | undefined => {
  const key = (detail as { eventKey?: unknown } | null)?.eventKey;
  return typeof key === 'string' && key !== '' ? key : undefined;
};
