// The link `npm start` prints: it signs whoever holds the terminal in to the console as admin, so
// every page can be looked at on the embedded defaults without first making a key. It expires
// with a console session's lifetime; `harpoon keys create` is the way in after that.
import { z } from 'zod';
import { signPayload, verifyPayload } from '../mail/signed-payload';

const purpose = 'console-start';
const lifetimeMs = 12 * 3_600_000;
const payload = z.object({ role: z.literal('admin') });

export const startLinkUrl = (baseUrl: string, secret: string, nowMs = Date.now()) =>
  `${baseUrl}/console/start/${signPayload({ role: 'admin' }, secret, purpose, nowMs + lifetimeMs)}`;

export const verifyStartLink = (token: string, secret: string) => verifyPayload(token, payload, secret, purpose);
