// Shared by the mail tests: throwaway directories, a contact per buying-group role, and link
// extraction written independently of mail/links.ts, so the tests do not share its mistakes.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TemplateContext } from '../../mail/templates';

export const tempDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `harpoon-${name}-`));

export const SECRET = 'test-secret-of-sufficient-length';
export const PUBLIC_URL = 'http://127.0.0.1:8080';

export function contextFor(role: string, seniority: string): Omit<TemplateContext, 'links'> {
  return {
    contact: { firstName: 'Mia', lastName: 'Berg', title: 'Plant Director', role, seniority },
    account: { name: 'Acme Axles', industry: 'Automotive' },
    stage: 'engage',
  };
}

const decode = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&quot;', '"');

/** href values of <a> elements (not <link>, not <img>). */
export const anchorsIn = (html: string) => [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => decode(m[1]!));

export const urlsIn = (text: string) => text.match(/https?:\/\/\S+/g) ?? [];
