// The text parts' transfer encoding, chosen once a message instead of by nodemailer per part: every
// email must come out byte for byte as nodemailer alone builds it, whatever its language.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import type Mail from 'nodemailer/lib/mailer';
import { describe, expect, it } from 'vitest';
import { composeEmail, messageIdFor } from '../../mail/compose';
import { messageTextEncoding, preferredEncoding } from '../../mail/text-encoding';
import { compile } from '../../mail/transport';
import { PUBLIC_URL, SECRET, contextFor } from './support';

const samples = {
  english: 'Hello Mia, your plant in Hamburg could cut downtime by a third.',
  german: 'Grüße aus Köln: Ihre Anlage in Düsseldorf spart Öl und Ärger.',
  japanese: 'こんにちは、ミアさん。ハンブルク工場のダウンタイムを三分の一削減できます。',
  russian: 'Здравствуйте, Мия! Ваш завод может сократить простои на треть.',
  emoji: '🚀🚀🚀 ok',
  controls: 'a\u0001\u0002\u000b\u000cb',
  digits: '2026-12-07 10:00',
  empty: '',
};

/** nodemailer's own choice for a text, from the function it runs on every text part. */
const nodemailersChoice = (text: string) => ((new MimeNode('text/plain') as unknown as { _getTextEncoding(v: string): string })._getTextEncoding(text) === 'Q' ? 'quoted-printable' : 'base64');

/** The message as nodemailer builds it alone, and as compile() builds it, with its random parts fixed. */
async function bothBuilds(options: Mail.Options) {
  const fixed = { messageId: '<fixed@x.example>', ...options, baseBoundary: 'fixed-boundary', date: new Date('2026-12-07T10:00:00Z') };
  const alone = await new MailComposer(fixed).compile().build();
  return { alone: alone.toString('utf8'), ours: (await compile(fixed)).raw.toString('utf8') };
}

const compose = (templateKey: string, firstName = 'Mia') =>
  composeEmail({
    templateKey,
    context: { ...contextFor('champion', 'director'), contact: { ...contextFor('champion', 'director').contact, firstName } },
    to: 'mia@acme.example',
    from: 'Harpoon Marketing <marketing@harpoon.local>',
    idempotencyKey: `journey:acme/${templateKey}/con_1`,
    messageId: messageIdFor(`journey:acme/${templateKey}/con_1`),
    publicUrl: PUBLIC_URL,
    secret: SECRET,
  });

describe('text encoding', () => {
  it('prefers what nodemailer prefers for any text', () => {
    for (const [name, text] of Object.entries(samples)) expect([name, preferredEncoding(text)]).toEqual([name, nodemailersChoice(text)]);
  });

  it('leaves every shipped template byte for byte as nodemailer builds it, with a name in any script', async () => {
    const templates = readdirSync(path.join(__dirname, '../../templates'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('event-'))
      .map((d) => d.name);
    expect(templates.length).toBeGreaterThan(3);
    for (const template of templates) {
      for (const firstName of ['Mia', 'Jürgen', '美亜']) {
        const message = await compose(template, firstName);
        expect([template, firstName, messageTextEncoding(message)]).toEqual([template, firstName, 'quoted-printable']);
        const { alone, ours } = await bothBuilds(message);
        expect(ours).toBe(alone);
      }
    }
  });

  it('chooses per message only when every text part agrees, and leaves parts it cannot read to nodemailer', async () => {
    const calendar = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Axle summit\r\nEND:VEVENT\r\nEND:VCALENDAR';
    const latin = { from: 'a@x.example', to: 'b@y.example', subject: 'Summit', text: samples.german, html: `<p>${samples.german}</p>`, icalEvent: { method: 'REQUEST', content: calendar } };
    expect(messageTextEncoding(latin)).toBe('quoted-printable');
    expect(messageTextEncoding({ ...latin, text: samples.japanese, html: `<p>${samples.japanese}</p>` })).toBeUndefined(); // the calendar part disagrees
    expect(messageTextEncoding({ ...latin, text: samples.japanese, html: `<p>${samples.japanese}</p>`, icalEvent: undefined })).toBe('base64');
    expect(messageTextEncoding({ ...latin, text: Buffer.from(samples.german) })).toBeUndefined();
    expect(messageTextEncoding({ ...latin, attachments: [{ filename: 'a.txt', content: 'x' }] })).toBeUndefined();
    // Header values and names that are not ASCII are chosen for too.
    const japaneseSubject = { ...latin, subject: samples.japanese };
    const japaneseName = { ...latin, to: ['ann@y.example', '美亜 <mia@y.example>'] };
    const germanName = { ...latin, to: { name: 'Jürgen Groß', address: 'j@y.example' }, subject: 'Grüße' };
    expect([japaneseSubject, japaneseName, germanName].map(messageTextEncoding)).toEqual([undefined, undefined, 'quoted-printable']);
    for (const options of [latin, japaneseSubject, japaneseName, germanName, { ...latin, text: samples.japanese }, { ...latin, text: samples.japanese, html: `<p>${samples.russian}</p>`, icalEvent: undefined }]) {
      const { alone, ours } = await bothBuilds(options);
      expect(ours).toBe(alone);
    }
  });
});
