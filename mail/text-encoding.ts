// Which transfer encoding the message's text parts get, found in one pass over each. nodemailer
// finds it for each text part by matching every Latin letter and every other character with a
// global regular expression, and twice a part (for the headers, then for the body): 0.6–0.7 ms of a
// 1.4 ms compile for a 13 KB HTML email, the largest single cost of sending one. Given the message's
// `textEncoding`, it skips that. One is given only when every text nodemailer would choose for (the
// parts, and the header values and address names that are not ASCII) prefers the same, so the
// message comes out byte for byte as nodemailer alone builds it.
import { Readable } from 'node:stream';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type Mail from 'nodemailer/lib/mailer';

type TextEncoding = 'quoted-printable' | 'base64';

/** nodemailer's rule (MimeNode._getTextEncoding): quoted-printable when Latin letters outnumber control and non-ASCII characters. */
export function preferredEncoding(text: string): TextEncoding {
  // Most email is ASCII: then two scans by regular expressions settle it. They also flatten a string
  // built by concatenation (as rendered templates are), on which a loop reading one character at a
  // time runs several times slower.
  if (!/[^\t\n\r\x20-\x7e]/.test(text)) return /[a-zA-Z]/.test(text) ? 'quoted-printable' : 'base64';
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    else if (c >= 0x80 || (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d)) other++;
  }
  return other < latin ? 'quoted-printable' : 'base64';
}

/** A calendar entry's text; anything else (a file, a URL, a stream) is not a string and settles nothing. */
function icalText(ical: Mail.Options['icalEvent']): unknown {
  if (ical && typeof ical === 'object' && !Buffer.isBuffer(ical) && !(ical instanceof Readable)) return ical.content ?? ical;
  return ical;
}

/** Names in an address field as nodemailer reads them (a string may hold several, and groups). */
function addressNames(field: Mail.Options['to']): unknown[] {
  if (field === undefined || field === null) return [];
  if (Array.isArray(field)) return field.flatMap((a) => addressNames(a));
  if (typeof field === 'string') return flatNames(addressparser(field));
  return [field.name];
}

const flatNames = (parsed: ReturnType<typeof addressparser>): string[] => parsed.flatMap((a) => ('group' in a && a.group ? [a.name, ...flatNames(a.group)] : [a.name]));

type HeaderValue = string | string[] | { prepared: boolean; value: string };
const headerText = (value: HeaderValue) => (typeof value === 'object' && !Array.isArray(value) ? (value.prepared ? undefined : value.value) : value);

/**
 * What else nodemailer chooses an encoding for: header values and address names, encoded as words
 * when they are not ASCII (an ASCII one comes out the same either way).
 */
function headerTexts(options: Mail.Options): unknown[] {
  // A prepared header goes out as it is; an array of headers is left to nodemailer.
  const custom = options.headers && !Array.isArray(options.headers) ? Object.values(options.headers).map(headerText) : [options.headers];
  const names = [options.from, options.sender, options.to, options.cc, options.bcc, options.replyTo].flatMap((f) => addressNames(f as Mail.Options['to']));
  return [options.subject, ...custom, ...names].filter((t) => t !== undefined && t !== null && (typeof t !== 'string' || /[^\x00-\x7f]/.test(t)));
}

/** The encoding every text nodemailer would examine prefers, or undefined (nodemailer then chooses for each). */
export function messageTextEncoding(options: Mail.Options): TextEncoding | undefined {
  if (options.textEncoding || options.attachments?.length || options.alternatives?.length || options.raw) return options.textEncoding;
  const parts = [options.text, options.html, options.amp, options.watchHtml, icalText(options.icalEvent)].filter((p) => p !== undefined && p !== null && p !== '');
  let chosen: TextEncoding | undefined;
  for (const part of [...parts, ...headerTexts(options)]) {
    if (typeof part !== 'string') return undefined;
    const encoding = preferredEncoding(part);
    if (chosen && chosen !== encoding) return undefined;
    chosen = encoding;
  }
  return chosen;
}
