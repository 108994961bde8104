import { createHmac } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signToken, trackingSecret, verifyToken, type TrackingPayload } from '../../mail/tracking';
import { SECRET, tempDir } from './support';

const click: TrackingPayload = {
  kind: 'click',
  sendKey: 'journey:acme/step-2/contact-1',
  accountId: 'acc_1',
  contactId: 'con_1',
  workflowId: 'journey:acme',
  url: 'https://demo.harpoon.example/pricing?ref=mail&x=1',
  tag: 'pricing',
};

describe('tracking tokens', () => {
  it('round-trips a payload through a URL-safe token', () => {
    const token = signToken(click, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyToken(token, SECRET)).toEqual(click);
  });

  it('rejects a token signed with another secret', () => {
    expect(verifyToken(signToken(click, SECRET), 'another-secret-entirely')).toBeNull();
  });

  it('rejects a payload altered to point somewhere else, keeping the old signature', () => {
    const [, sig] = signToken(click, SECRET).split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, ...click, url: 'https://evil.example/' })).toString('base64url');
    expect(verifyToken(`${forged}.${sig}`, SECRET)).toBeNull();
  });

  it('rejects flipped, truncated and malformed tokens', () => {
    const token = signToken(click, SECRET);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    expect(verifyToken(flip(token, 5), SECRET)).toBeNull();
    expect(verifyToken(flip(token, token.length - 3), SECRET)).toBeNull();
    expect(verifyToken(token.slice(0, -2), SECRET)).toBeNull();
    for (const junk of ['', '.', 'abc', 'a.b.c', `${token}.x`]) expect(verifyToken(junk, SECRET)).toBeNull();
  });

  it('rejects a correctly signed payload that is not a tracking payload', () => {
    const body = Buffer.from(JSON.stringify({ v: 1, kind: 'click', url: 'javascript:alert(1)' })).toString('base64url');
    const sig = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(verifyToken(`${body}.${sig}`, SECRET)).toBeNull();
  });
});

describe('trackingSecret', () => {
  it('prefers the configured secret', () => {
    expect(trackingSecret('configured-secret-123456', tempDir('secret'))).toBe('configured-secret-123456');
  });

  it('creates a secret once, private to the owner, and keeps it across restarts', () => {
    const dataDir = path.join(tempDir('secret'), 'nested');
    const first = trackingSecret(undefined, dataDir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dataDir, 'tracking-secret')).mode & 0o777).toBe(0o600);
    expect(trackingSecret(undefined, dataDir)).toBe(first);
  });

  it('refuses an unusable secret file rather than signing with it', () => {
    const dataDir = tempDir('secret');
    writeFileSync(path.join(dataDir, 'tracking-secret'), 'short\n');
    expect(() => trackingSecret(undefined, dataDir)).toThrow(/no usable secret/);
  });
});
