// How far an expected close date may lie from today. One in the past is fine (deals slip, and reps
// log them late), but more than a year back or more than 10 years ahead (a long B2B cycle takes a
// few years) it is a slip of the year or a placeholder such as 1970-01-01 or 9999-12-31, which
// would stand in the pipeline as a real date. Pure: the caller says what today is (the workflow's
// validator its own clock), so the inputs of every door and the task's workflow apply one rule.

/** The day `years` from `nowMs` (back, when negative), as YYYY-MM-DD in UTC. */
function dayFrom(nowMs: number, years: number): string {
  const day = new Date(nowMs);
  day.setUTCFullYear(day.getUTCFullYear() + years);
  return day.toISOString().slice(0, 10);
}

/** Why an expected close date (YYYY-MM-DD) cannot be kept, or undefined when it can. */
export function closeDateRefusal(day: string, nowMs: number): string | undefined {
  const [from, to] = [dayFrom(nowMs, -1), dayFrom(nowMs, 10)];
  if (day >= from && day <= to) return undefined;
  return `${day} is ${day < from ? 'more than a year ago' : 'more than 10 years ahead'}, expected the expected close date from ${from} to ${to}`;
}
