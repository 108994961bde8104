// The catalog of published journeys. A published version is immutable: running journeys keep the
// version they started with, and publishing an unchanged file does not create a new version.
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/client';
import type { JourneyDefinition } from '../domain/journey/definition';
import { validateJourney, type JourneyProblem } from '../domain/journey/validate';
import { invalid } from '../domain/use-case-error';
import { plural } from '../domain/words/plural';
import { checkTemplate } from '../mail/templates';
import { readJourneyFile } from './load';

/** `notes`: what the version will meet when it runs that the file alone cannot say (an event not created yet). */
export type PublishedJourney = { key: string; version: number; name: string; publishedAt: Date; created: boolean; notes: string[] };

/**
 * A journey file with problems: each is a line of the refusal (what the CLI prints under it, as the
 * other files' refusals do) and a field of it, with its path in the file.
 */
export const journeyInvalid = (file: string, problems: JourneyProblem[]) =>
  invalid(
    `${file}: ${plural(problems.length, 'problem')}`,
    problems.map((p) => (p.path ? `  ${p.path}: ${p.message}` : `  ${p.message}`)),
    problems.map((p) => ({ field: p.path, message: p.message })),
  );

/** The definition in a journey file, or the refusal that lists every problem in it. */
export function validJourneyFile(file: string): JourneyDefinition {
  const result = validateJourneyFile(file);
  if (!result.ok) throw journeyInvalid(file, result.problems);
  return result.definition;
}

/** Reads and validates a journey file: every problem at once, templates included. */
export function validateJourneyFile(file: string): JourneyValidation {
  return validateJourneyDefinition(readJourneyFile(file));
}

export type JourneyValidation = { ok: true; definition: JourneyDefinition } | { ok: false; problems: JourneyProblem[] };

/** A definition already parsed (an API request's body): every problem at once, templates included. */
export function validateJourneyDefinition(raw: unknown): JourneyValidation {
  return validateJourney(raw, checkTemplate);
}

function checksumOf(definition: JourneyDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

/** The version publishing this definition would give: the latest when unchanged, else the next (for --dry-run). */
export async function versionOnPublish(db: Db | Tx, definition: JourneyDefinition): Promise<{ version: number; created: boolean }> {
  const latest = await db.journeyVersion.findFirst({ where: { key: definition.key }, orderBy: { version: 'desc' } });
  return latest?.checksum === checksumOf(definition) ? { version: latest.version, created: false } : { version: (latest?.version ?? 0) + 1, created: true };
}

export async function publishJourney(db: Db, definition: JourneyDefinition): Promise<PublishedJourney> {
  return db.$transaction(async (tx) => {
    const { version, created } = await versionOnPublish(tx, definition);
    const notes = await missingEventNotes(tx, definition);
    if (!created) return { ...(await tx.journeyVersion.findUniqueOrThrow({ where: { key_version: { key: definition.key, version } } })), created, notes };
    const row = await tx.journeyVersion.create({
      data: { key: definition.key, version, name: definition.name, definition: definition as object, checksum: checksumOf(definition) },
    });
    return { ...row, created, notes };
  });
}

/**
 * Invite steps whose event does not exist: published all the same (the event may well be created
 * next), but said, as a step that reaches it before then invites nobody and only notes why.
 */
async function missingEventNotes(db: Db | Tx, definition: JourneyDefinition): Promise<string[]> {
  const invites = definition.stages.flatMap((stage) => stage.steps.flatMap((step) => (step.type === 'invite' ? [{ path: `${stage.key}/${step.id}`, event: step.event }] : [])));
  if (invites.length === 0) return [];
  const known = new Set((await db.event.findMany({ where: { key: { in: invites.map((i) => i.event) } }, select: { key: true } })).map((e) => e.key));
  return invites
    .filter((i) => !known.has(i.event))
    .map((i) => `step ${i.path} invites to ${i.event}, which does not exist yet: create it ("harpoon programme-events create <file>") before an account reaches the step, which otherwise invites nobody`);
}

export async function publishJourneyFile(db: Db, file: string): Promise<PublishedJourney> {
  return publishJourney(db, validJourneyFile(file));
}

export async function latestJourneyVersion(db: Db, key: string) {
  const row = await db.journeyVersion.findFirst({ where: { key }, orderBy: { version: 'desc' } });
  return row && { key: row.key, version: row.version, name: row.name, definition: row.definition as JourneyDefinition };
}
