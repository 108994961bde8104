// DKIM signing of every message Harpoon sends (RFC 6376, rsa-sha256, relaxed canonicalisation) with
// nodemailer's signer, and the DNS records a sending domain publishes for it. Signing happens in the
// transport, on the finished MIME text, so journey emails, invitations and sales notices are all
// signed, and a retry signs the same bytes again.
import crypto from 'node:crypto';
import DKIM from 'nodemailer/lib/dkim/index.js';
import { domainOfAddress, type DkimKey } from '../config/dkim-keys';
import type { OutgoingMessage } from './transport';

export type MessageSigner = (message: OutgoingMessage) => Promise<OutgoingMessage>;

/** The From header's address: DMARC aligns DKIM's d= with it, not with the envelope sender. */
function fromHeaderOf(raw: Buffer): string | undefined {
  const head = raw.subarray(0, Math.max(0, raw.indexOf('\r\n\r\n'))).toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  return /^from:(.*)$/im.exec(head)?.[1]?.trim();
}

/**
 * Signs with every key of the From domain (several during a key rotation). A message from a
 * domain without a key goes out unsigned: the configuration already requires a key for MAIL_FROM.
 */
export function dkimSigner(keys: readonly DkimKey[]): MessageSigner {
  return async (message) => {
    const from = fromHeaderOf(message.raw);
    const domain = from === undefined ? undefined : domainOfAddress(from);
    const signing = keys.filter((k) => k.domain === domain);
    if (signing.length === 0) return message;
    const signer = new DKIM({ keys: signing.map((k) => ({ domainName: k.domain, keySelector: k.selector, privateKey: k.privateKeyPem })) });
    const chunks: Buffer[] = [];
    for await (const chunk of signer.sign(message.raw)) chunks.push(chunk as Buffer);
    return { ...message, raw: Buffer.concat(chunks) };
  };
}

/** The public half of a key as DKIM's p= value: the DER SubjectPublicKeyInfo in base64. */
export function dkimPublicKey(privateKeyPem: string): string {
  return crypto.createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
}
