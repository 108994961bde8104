// Every calendar part of a received message (the text/calendar alternative, .ics attachments),
// decoded, so a test can read each one with a real iCalendar parser.
import { simpleParser } from 'mailparser';

export type CalendarPart = { contentType: string; filename: string | undefined; body: string };

const isCalendar = (a: { contentType: string; filename?: string }) =>
  a.contentType.startsWith('text/calendar') || a.contentType === 'application/ics' || (a.filename ?? '').toLowerCase().endsWith('.ics');

export async function calendarPartsOf(raw: Buffer | string): Promise<CalendarPart[]> {
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  return mail.attachments.filter(isCalendar).map((a) => ({ contentType: a.contentType, filename: a.filename, body: a.content.toString('utf8') }));
}
