// The register and decline links of event invitations (`/e/register?t=…`, `/e/decline?t=…`) on the
// Fastify server: the page logic is framework-free in http/registration.ts; this only mounts it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allowOnly, sendHtml } from './public-pages';
import { answerInvitationLink, type InvitationAnswer, type RegistrationDeps } from './registration';

export function registerInvitationRoutes(app: FastifyInstance, deps: RegistrationDeps): void {
  for (const answer of ['register', 'decline'] as const satisfies InvitationAnswer[]) {
    const url = `/e/${answer}`;
    app.route({
      method: ['GET', 'POST'],
      url,
      exposeHeadRoute: false,
      handler: async (req: FastifyRequest, reply) => {
        const token = (req.query as { t?: string | string[] }).t?.toString() ?? null;
        const { status, html } = await answerInvitationLink(deps, answer, req.method as 'GET' | 'POST', token);
        return sendHtml(reply, status, html);
      },
    });
    allowOnly(app, url, ['GET', 'POST']);
  }
}
