// Reading a list newest first past its limit: the rows after a given one (the last of the page
// before), by time and then id, so rows of one instant are neither skipped nor repeated. Lists that
// page this way order by [time desc, id desc].
type Anchor = { id: string; at: Date };

export function olderThan<F extends string>(timeField: F, anchor: Anchor | null) {
  if (!anchor) return {};
  const before = { [timeField]: { lt: anchor.at } } as Record<F, { lt: Date }>;
  const sameInstant = { [timeField]: anchor.at, id: { lt: anchor.id } } as Record<F, Date> & { id: { lt: string } };
  return { OR: [before, sameInstant] };
}
