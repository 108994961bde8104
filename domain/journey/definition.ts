// Just over 300 lines on purpose: one schema, so every step kind and its types stand in one place.
// The journey definition marketing ops write (YAML or JSON), as one zod schema: every TypeScript
// type of a journey is derived from it, and the validator, the CLI and the workflow all parse with
// it. Steps are a discriminated union on `type`; a new step kind is one more member of that union,
// and the exhaustive switches over it (engine, graph) make the compiler list what it must handle.
import { z } from 'zod';
import { holdoutSettingsSchema } from '../measurement/holdout-settings';
import { experimentFields } from '../measurement/experiment-schema';
import { contactPolicyOverrideSchema } from '../policy/contact-policy';
import { inviteOutcomes } from '../programme-events/vocabulary';
import { businessDaysOf, businessDaysPattern, repTaskChannels } from '../sales/rep-task';
import { parseBeforeStart, parseDuration } from '../time/duration';
import { beforeStartSchema, clockTimeSchema, durationSchema } from '../time/time-schemas';
import { eventType, role, seniority, tier, weekday } from './vocabulary';
import { notAnIsoCode } from '../accounts/country';

const shown = (input: unknown) => JSON.stringify(input) ?? String(input);
const dayMs = 86_400_000;

export const journeyKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, {
  error: (issue) => `${shown(issue.input)} is not a journey key, expected 2-63 lower-case letters, digits and hyphens such as tier1-executive`,
});
export const stageKeySchema = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, {
  error: (issue) => `${shown(issue.input)} is not a stage key, expected a lower-case word such as engage or convert`,
});
export const stepIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
  error: (issue) => `${shown(issue.input)} is not a step id, expected letters, digits, "-" and "_" such as intro-email`,
});
const reasonSchema = z.string().trim().min(1, 'expected a short reason such as nurture_complete').max(200);
/** Targets name stages and steps loosely here; the validator reports the ones that don't exist. */
const reference = z.string().trim().min(1);

/** Where a branch goes: the first step of a stage, or a step (by id) anywhere in the journey. */
export const targetSchema = z.union([z.strictObject({ stage: reference }), z.strictObject({ step: reference })], {
  error: 'expected { stage: <stage key> } or { step: <step id> }',
});
export type Target = z.infer<typeof targetSchema>;

/** An event as triggers and conditions match it: any event of the type, or only those with the tag. */
export const eventPatternSchema = z.strictObject({ type: eventType, tag: z.string().trim().min(1).optional() });
export type EventPattern = z.infer<typeof eventPatternSchema>;

const atLeastOne = <T extends object>(keys: (keyof T & string)[]) => ({
  check: (value: T) => keys.some((k) => value[k] !== undefined),
  message: `expected at least one of ${keys.join(', ')}`,
});

const scoreBound = z.number().min(0).max(100);
const scoreRange = z.strictObject({ gte: scoreBound.optional(), lt: scoreBound.optional() });
const scoreRangeRule = atLeastOne<z.infer<typeof scoreRange>>(['gte', 'lt']);
const engagedRoles = z.strictObject({ includes: z.array(role).min(1).optional(), countAtLeast: z.number().int().min(1).optional() });
const engagedRolesRule = atLeastOne<z.infer<typeof engagedRoles>>(['includes', 'countAtLeast']);

const leafConditions = {
  // A condition that can never hold would keep its branch or goal shut for good, unseen.
  engagementScore: scoreRange.refine(scoreRangeRule.check, scoreRangeRule.message).refine((r) => r.gte === undefined || r.lt === undefined || r.gte < r.lt, {
    error: (issue) => {
      const { gte, lt } = issue.input as { gte: number; lt: number };
      return `gte ${gte} and lt ${lt} leave no score that matches: expected gte below lt`;
    },
  }),
  /** Both given: both must hold. `includes` needs every listed role engaged. */
  engagedRoles: engagedRoles.refine(engagedRolesRule.check, engagedRolesRule.message).refine((r) => r.countAtLeast === undefined || r.countAtLeast <= role.options.length, {
    error: (issue) => `countAtLeast ${(issue.input as { countAtLeast: number }).countAtLeast} is more roles than there are (${role.options.length}: ${role.options.join(', ')})`,
    path: ['countAtLeast'],
  }),
  tier: z.strictObject({ in: z.array(tier).min(1) }),
  timeInStage: z.strictObject({ gte: durationSchema }),
  eventSeen: eventPatternSchema,
};
type LeafConditions = typeof leafConditions;
type LeafCondition = { [K in keyof LeafConditions]: { [P in K]: z.infer<LeafConditions[K]> } }[keyof LeafConditions];
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | LeafCondition;

const conditionKeys = ['all', 'any', 'not', ...(Object.keys(leafConditions) as (keyof LeafConditions)[])] as const;
const conditionObject = z
  .strictObject({
    all: z.array(z.lazy(() => conditionSchema)).min(1).optional(),
    any: z.array(z.lazy(() => conditionSchema)).min(1).optional(),
    not: z.lazy(() => conditionSchema).optional(),
    engagementScore: leafConditions.engagementScore.optional(),
    engagedRoles: leafConditions.engagedRoles.optional(),
    tier: leafConditions.tier.optional(),
    timeInStage: leafConditions.timeInStage.optional(),
    eventSeen: leafConditions.eventSeen.optional(),
  })
  .refine((c) => conditionKeys.filter((k) => c[k] !== undefined).length === 1, {
    error: `expected exactly one condition: ${conditionKeys.join(', ')} (combine several with all or any)`,
  });

/**
 * A condition is an object with exactly one key. One strict object with optional keys (rather than
 * a union) lets zod point at the exact bad field; the refinement guarantees the single key, which
 * is what the Condition union type states.
 */
export const conditionSchema = conditionObject as unknown as z.ZodType<Condition>;

const stepBase = { id: stepIdSchema };

const waitStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal('wait'),
    /** A fixed delay such as 3d. */
    duration: durationSchema.optional(),
    /** The next such moment in the account's time zone; no weekday means the next day with that time. */
    until: z.strictObject({ weekday: weekday.optional(), time: clockTimeSchema }).optional(),
  })
  .refine((s) => (s.duration === undefined) !== (s.until === undefined), {
    error: 'a wait needs exactly one of duration (such as 3d) or until ({ weekday: mon, time: "09:00" })',
  });

export const audienceSchema = z
  .strictObject({ roles: z.array(role).min(1).optional(), seniority: z.array(seniority).min(1).optional() })
  // Every email must fit the person's role: "everyone" is never a default.
  .refine((a) => a.roles !== undefined || a.seniority !== undefined, {
    error: 'expected roles and/or seniority: say who in the buying group receives this email',
  });
export type Audience = z.infer<typeof audienceSchema>;

/**
 * What a step does when its activity keeps failing (domain/journey/failure-policy.ts). Without
 * `retries` the step retries until it succeeds, as journeys always did.
 */
const failurePolicy = {
  /** Attempts after the first before the step counts as failed. */
  retries: z.number().int().min(0).max(100).optional(),
  /** A failed step is recorded on the timeline and the journey carries on; otherwise the journey stops. */
  skip_on_failure: z.boolean().optional(),
};

/** With `variants`, an A/B test of the step (domain/measurement/): `template` is what a variant without its own sends. */
const emailStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal('email'),
    template: z.string().trim().min(1, 'expected a template key such as intro'),
    audience: audienceSchema,
    /** Skip contacts who already engaged with the journey, e.g. for a reminder. */
    onlyIfNotEngaged: z.boolean().optional(),
    /** Send only if the account meets this condition at the step (the language of branches); else nobody gets it. */
    if: conditionSchema.optional(),
    ...experimentFields,
    ...failurePolicy,
  })
  .refine((s) => s.variants === undefined || s.winner !== undefined, {
    error: 'variants need a winner rule such as { metric: clicks, within: 7d, minSample: 50, confidence: 0.95 }',
    path: ['winner'],
  })
  // An MQA is the account's: contacts split inside one account would share it across variants.
  .refine((s) => s.winner?.metric !== 'mqa' || s.split === 'account', {
    error: 'metric mqa counts accounts handed to sales: add split: account, so everyone in an account gets the same variant',
    path: ['split'],
  })
  .refine((s) => s.variants !== undefined || (s.split === undefined && s.seed === undefined && s.winner === undefined), {
    error: 'split, seed and winner belong to an A/B test: add variants (2 to 4) or remove them',
    path: ['variants'],
  });

/** Which events end a wait_for step: the type, and optionally the tag, the roles and who acted. */
export const awaitedEventSchema = z
  .strictObject({
    type: eventType,
    tag: z.string().trim().min(1).optional(),
    /** Only events by a contact with one of these roles. */
    roles: z.array(role).min(1).optional(),
    /** `contact`: a person of the buying group acted; `account`: an event of the account with no contact; default any. */
    by: z.enum(['any', 'contact', 'account']).optional(),
  })
  .refine((e) => !(e.roles !== undefined && e.by === 'account'), {
    error: 'roles name people, but by: account waits for events with no contact: drop one of them',
  });
export type AwaitedEvent = z.infer<typeof awaitedEventSchema>;

/** Waits for an event or a timeout, whichever comes first; each has its own exit (default: the next step). */
const waitForStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('wait_for'),
  event: awaitedEventSchema,
  timeout: durationSchema,
  onEvent: targetSchema.optional(),
  onTimeout: targetSchema.optional(),
});

const branchStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('branch'),
  if: conditionSchema,
  then: targetSchema,
  /** Without else, a false condition continues with the next step. */
  else: targetSchema.optional(),
});

const gotoStepSchema = z.strictObject({ ...stepBase, type: z.literal('goto'), stage: reference });

const exitStepSchema = z.strictObject({ ...stepBase, type: z.literal('exit'), reason: reasonSchema });

/**
 * Hands the account to its sales owner when the journey's MQA rule holds (or always, with `always`).
 * Never a second open task for the account, and not within the cooldown after a rejection.
 */
const handoffStepSchema = z.strictObject({ ...stepBase, type: z.literal('handoff'), always: z.boolean().optional(), ...failurePolicy });

/**
 * Invites the audience to an event (see `events create`) and waits for their answers: reminders to
 * registrants only, then one outcome for the account (attended > no_show > registered > declined >
 * no_response) decides where the journey goes; an outcome without a target continues with the next step.
 */
const inviteStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal('invite'),
    event: z.string().trim().min(1, 'expected an event key such as exec-roundtable-2027 (harpoon programme-events list)'),
    audience: audienceSchema,
    template: z.string().trim().min(1, 'expected an invitation template key such as event-invitation'),
    /** Before the start, e.g. ["-7d", "-1d"]; each goes to the contacts registered at that moment. */
    reminders: z
      .array(beforeStartSchema)
      .default([])
      .refine((rs) => new Set(rs.map(parseBeforeStart)).size === rs.length, { error: 'a reminder is given twice: each moment once (it would send the same reminder twice)' }),
    reminderTemplate: z.string().trim().min(1).optional(),
    /** Answers are taken until this long before the start (default: until the start). */
    rsvpBy: beforeStartSchema.optional(),
    /** How long after the end to wait for the attendance import before deciding on what is known. */
    attendanceWait: durationSchema.default('3d'),
    on: z.strictObject(Object.fromEntries(inviteOutcomes.map((o) => [o, targetSchema.optional()])) as Record<(typeof inviteOutcomes)[number], z.ZodOptional<typeof targetSchema>>).default({}),
  })
  .refine((s) => s.reminders.length === 0 || s.reminderTemplate !== undefined, {
    error: 'reminders need a reminderTemplate (such as event-reminder)',
    path: ['reminderTemplate'],
  });

/**
 * A task for the account's sales owner (the sales queue without one): a call, a LinkedIn touch or
 * direct mail, due `after` business days at `at` on the owner's clock. It counts in the account's
 * contact caps like an email. With `wait` the journey waits until the rep marks it done or skipped,
 * or the timeout expires it; without, the journey moves on at once.
 */
const repTaskStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('rep_task'),
  channel: z.enum(repTaskChannels, { error: (issue) => `${shown(issue.input)} is not a rep task channel, expected one of ${repTaskChannels.join(', ')}` }),
  title: z.string().trim().min(1, 'expected a short title such as "Call the CFO about the pilot"').max(200),
  instructions: z.string().trim().min(1).max(4000).optional(),
  /** The buying-group contact the task is about: the first subscribed contact with one of these roles. Without it, the account. */
  about: z.strictObject({ roles: z.array(role).min(1) }).optional(),
  due: z.strictObject({
    after: z.string().regex(businessDaysPattern, {
      error: (issue) =>
        /^\d+d$/.test(String(issue.input).trim())
          ? `${shown(issue.input)} is too many business days: at most 99d`
          : `${shown(issue.input)} is not a number of business days, expected a whole number of days such as 0d or 2d (Monday to Friday on the owner's clock)`,
    }),
    at: clockTimeSchema.optional(),
  }),
  wait: z.strictObject({ timeout: durationSchema }).optional(),
})
  // N business days are at least N days: a shorter wait expires every task before it is due.
  .refine((s) => s.wait === undefined || (parseDuration(s.wait.timeout) ?? Infinity) > businessDaysOf(s.due.after) * dayMs, {
    error: (issue) => {
      const { due } = issue.input as { due: { after: string } };
      const days = businessDaysOf(due.after);
      return `the task would expire before it is due (after ${due.after}, business days): make the wait longer than that, such as ${Math.ceil((days * 7) / 5) + 2}d`;
    },
    path: ['wait', 'timeout'],
  });

const stepOptions = [waitStepSchema, waitForStepSchema, emailStepSchema, branchStepSchema, gotoStepSchema, exitStepSchema, handoffStepSchema, inviteStepSchema, repTaskStepSchema] as const;
export const stepTypes = stepOptions.map((o) => o.shape.type.value);

export const stepSchema = z.discriminatedUnion('type', stepOptions, {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const type = (issue.input as { type?: unknown } | undefined)?.type;
    const expected = `expected one of ${stepTypes.join(', ')}`;
    return type === undefined ? `a step needs a type, ${expected}` : `${shown(type)} is not a step type, ${expected}`;
  },
});
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];
export type WaitStep = Extract<Step, { type: 'wait' }>;
export type EmailStep = Extract<Step, { type: 'email' }>;
export type BranchStep = Extract<Step, { type: 'branch' }>;
export type WaitForStep = Extract<Step, { type: 'wait_for' }>;
export type HandoffStep = Extract<Step, { type: 'handoff' }>;
export type InviteStep = Extract<Step, { type: 'invite' }>;
export type RepTaskStep = Extract<Step, { type: 'rep_task' }>;

export const stageSchema = z.strictObject({
  key: stageKeySchema,
  name: z.string().trim().min(1).optional(),
  steps: z.array(stepSchema).min(1, 'expected at least one step'),
});
export type Stage = z.infer<typeof stageSchema>;

export const entrySchema = z.strictObject({
  tiers: z.array(tier).min(1).optional(),
  // Only targets enter journeys (domain/accounts/eligibility); spelled out so a definition reads whole.
  poolStatus: z.literal('target', { error: 'only accounts with pool status target enter journeys' }).default('target'),
  industries: z.array(z.string().trim().min(1)).min(1).optional(),
  /**
   * ISO 3166-1 alpha-2 codes such as DE or CN, as imports store them. UK (or a name) is refused with
   * the code to write instead of being read as GB: a journey file is written once, by hand, and then
   * says exactly what its entry compares ("country IE is not one of GB" quotes the file), where an
   * import must read whatever a CRM export holds.
   */
  countries: z
    .array(
      z.string().trim().superRefine((code, ctx) => {
        const problem = notAnIsoCode(code, 'a two-letter country code such as DE');
        if (problem) ctx.addIssue({ code: 'custom', input: code, message: problem });
      }),
    )
    .min(1)
    .optional(),
  minScore: z.number().min(0).max(100).optional(),
});
export type Entry = z.infer<typeof entrySchema>;

export const triggerSchema = z.strictObject({
  on: eventPatternSchema,
  then: z.union([z.strictObject({ goto: reference }), z.strictObject({ exit: reasonSchema })], {
    error: 'expected { goto: <stage key> } or { exit: <reason> }',
  }),
});
export type Trigger = z.infer<typeof triggerSchema>;

export const goalKinds = ['all_contacts_unsubscribed', 'account_retired', 'handoff_accepted'] as const;
export const goalKind = z.enum(goalKinds);
export type GoalKind = z.infer<typeof goalKind>;
export const goalSchema = z.strictObject({ when: goalKind, exit: reasonSchema });
export type Goal = z.infer<typeof goalSchema>;

/**
 * How the journey hands off to sales. With this section (or a handoff step) the journey checks its
 * MQA rule whenever engagement changes; without `mqa`, the configured default rule applies.
 */
export const salesSchema = z.strictObject({
  /** The marketing-qualified-account rule, in the language of branch conditions. */
  mqa: conditionSchema.optional(),
  /** When sales accept: end the journey (the default, marketing email stops) or go to a sales-assist stage. */
  onAccepted: z.union([z.strictObject({ goto: reference }), z.strictObject({ exit: reasonSchema })], {
    error: 'expected { goto: <stage key> } or { exit: <reason> }',
  }).optional(),
  /** When sales reject: go back to a nurture stage; without it the journey carries on where it is. */
  onRejected: z.strictObject({ goto: reference }).optional(),
  /** No new handoff this long after a rejection; default SALES_COOLDOWN. */
  cooldown: durationSchema.optional(),
});
export type SalesSettings = z.infer<typeof salesSchema>;

/**
 * Whether an account that was in the journey before may enter it again (domain/journey/reentry.ts).
 * Without it: again once its previous run has ended, as journeys always did.
 */
export const reentrySchema = z
  .strictObject({
    policy: z.enum(['once', 'after_exit', 'on_requalify'], { error: 'expected once, after_exit or on_requalify' }),
    /** after_exit only: how long after the previous run ended. */
    cooldown: durationSchema.optional(),
  })
  .refine((r) => r.cooldown === undefined || r.policy === 'after_exit', { error: 'cooldown applies to policy after_exit only', path: ['cooldown'] });
export type Reentry = z.infer<typeof reentrySchema>;

export const journeyDefinitionSchema = z.strictObject({
  key: journeyKeySchema,
  name: z.string().trim().min(1, 'expected a name people will recognise'),
  description: z.string().optional(),
  /** Informational only: `journeys publish` numbers the stored versions. */
  version: z.union([z.number(), z.string()]).optional(),
  entry: entrySchema.prefault({}),
  stages: z.array(stageSchema).min(1, 'expected at least one stage'),
  triggers: z.array(triggerSchema).default([]),
  goals: z.array(goalSchema).default([]),
  /** Overrides the configured contact policy for this journey, field by field. */
  policy: contactPolicyOverrideSchema.optional(),
  sales: salesSchema.optional(),
  reentry: reentrySchema.optional(),
  /**
   * Accounts that become targets and meet the entry criteria join on their own (client/auto-enrol.ts),
   * and this journey's accounts that leave the target pool exit with reason left_target_pool.
   */
  autoEnrol: z.boolean().optional(),
  /**
   * A share of the eligible target accounts of each tier that gets no touch from this journey and is
   * measured against those that do (domain/measurement/holdout.ts; `harpoon report lift`).
   */
  holdout: holdoutSettingsSchema.optional(),
});
export type JourneyDefinition = z.infer<typeof journeyDefinitionSchema>;
