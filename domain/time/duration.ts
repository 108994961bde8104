// Durations as marketing ops write them: a whole number and a unit, "45s", "30m", "12h", "3d", "2w".
const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A wait longer than this is far more likely a typo ("300w") than a plan. */
const maxMs = 366 * unitMs.d;

/** Milliseconds, or null when the text is not a positive duration of at most a year. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
  return ms > 0 && ms <= maxMs ? ms : null;
}

/** An offset before an event's start as invite steps write it ("-7d", "-2h"): ms before, or null. */
export function parseBeforeStart(text: string): number | null {
  const trimmed = text.trim();
  return trimmed.startsWith('-') ? parseDuration(trimmed.slice(1)) : null;
}
