// The DNS records a sending domain publishes so mailbox providers accept Harpoon's mail: SPF (which
// hosts may send for it), DKIM (the public half of each signing key) and DMARC (what receivers do
// with mail that fails both, and where they report). Gmail and Yahoo require all three of bulk
// senders since 2024, with one-click unsubscribe (which every journey email carries) and a spam
// complaint rate under 0.3 %.
import type { DkimKey } from '../config/dkim-keys';
import { dkimPublicKey } from './dkim';

export type DnsRecord = { name: string; type: 'TXT'; value: string; why: string };

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

/** A TXT value as zone files take it: strings of at most 255 characters, quoted (RFC 1035). */
export function zoneText(value: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += 255) parts.push(`"${value.slice(i, i + 255)}"`);
  return parts.join(' ');
}

export function dnsRecordsFor(input: {
  domain: string;
  keys: readonly DkimKey[];
  /** The relay's host name (SMTP_URL); undefined: the embedded sink, so no relay is known yet. */
  relayHost: string | undefined;
  dmarcPolicy: DmarcPolicy;
  /** Where receivers send aggregate DMARC reports. */
  reportTo: string;
}): { records: DnsRecord[]; notes: string[] } {
  const { domain } = input;
  const notes: string[] = [];
  const records: DnsRecord[] = [];

  const sender = input.relayHost ? `a:${input.relayHost}` : 'a:<your relay host>';
  records.push({
    name: domain,
    type: 'TXT',
    value: `v=spf1 ${sender} ~all`,
    why: 'SPF: the hosts that may send mail for the domain (merge it into an existing v=spf1 record: a domain has only one)',
  });
  if (!input.relayHost) notes.push('SMTP_URL is not set (mail goes to the local sink): put your relay\'s host, or the include: your email provider documents, in the SPF record.');

  const keys = input.keys.filter((k) => k.domain === domain);
  for (const k of keys) {
    records.push({
      name: `${k.selector}._domainkey.${domain}`,
      type: 'TXT',
      value: `v=DKIM1; k=rsa; p=${dkimPublicKey(k.privateKeyPem)}`,
      why: `DKIM: the public half of ${k.path}, which signs mail from ${domain}`,
    });
  }
  if (keys.length === 0) {
    notes.push(
      `No DKIM key signs for ${domain}: make one (openssl genrsa -out ${domain}.pem 2048), add ${domain}:<selector>:/path/to/${domain}.pem to HARPOON_DKIM_KEYS, and run this again for its record.`,
    );
  }

  records.push({
    name: `_dmarc.${domain}`,
    type: 'TXT',
    value: `v=DMARC1; p=${input.dmarcPolicy}; rua=mailto:${input.reportTo}; adkim=r; aspf=r`,
    why: `DMARC: receivers ${input.dmarcPolicy === 'none' ? 'only report' : input.dmarcPolicy === 'quarantine' ? 'send to spam' : 'refuse'} mail that fails SPF and DKIM alignment, and send reports to ${input.reportTo}`,
  });
  if (input.dmarcPolicy === 'none') notes.push('Start DMARC at p=none, read the reports for a few weeks, then move to --dmarc-policy quarantine and reject.');
  return { records, notes };
}
