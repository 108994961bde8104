// An instant as a rep reads it: the wall clock of the zone their service level runs in, with the
// zone named and its offset at that instant (half-hour zones and summer time included), so a due
// time is never a UTC figure to convert in one's head. Pure; built on the local-time helpers.
import { localDateTime } from './local-time';

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** The zone's offset from UTC at an instant, as `UTC+5:30`, `UTC-4` or `UTC`. */
export function utcOffsetLabel(ms: number, timeZone: string): string {
  const l = localDateTime(ms, timeZone);
  const minutes = Math.round((Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(ms / 1000) * 1000) / 60_000);
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${Math.floor(abs / 60)}${abs % 60 ? `:${two(abs % 60)}` : ''}`;
}

/** `Tue 8 Dec 2026, 15:30 Asia/Kolkata (UTC+5:30)`. */
export function formatInZone(ms: number, timeZone: string): string {
  const l = localDateTime(ms, timeZone);
  const offset = utcOffsetLabel(ms, timeZone);
  return `${weekdays[l.weekday]} ${l.day} ${months[l.month - 1]} ${l.year}, ${two(l.hour)}:${two(l.minute)} ${timeZone}${timeZone === 'UTC' ? '' : ` (${offset})`}`;
}

/** `2026-12-08 15:30`: for lists whose heading names the zone once. */
export function shortInZone(ms: number, timeZone: string): string {
  const l = localDateTime(ms, timeZone);
  return `${l.year}-${two(l.month)}-${two(l.day)} ${two(l.hour)}:${two(l.minute)}`;
}
