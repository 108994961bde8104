// Ids for rows written in bulk by Harpoon's own SQL (the typed client makes cuids for the rest).
// A UUID version 7 begins with its creation time in milliseconds, so new rows go to the end of
// the primary key's index: with random UUIDs each row of a batch landed on an index page of its
// own, and every commit wrote all of those pages (on the send path, a page per email sent).
import { randomBytes } from 'node:crypto';

/** A UUID version 7 (RFC 9562): 48 bits of Unix time in ms, the version and variant, 74 random bits. */
export function timeOrderedId(nowMs = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
