// Moving a running journey to a newly published version (`journeys publish --running migrate|restart`).
// The changeVersion Update is validated at once (a newer version; for migrate, the journey's step
// must exist in it) and applied at the journey's next safe point: in a wait, or between steps, never
// in the middle of an email step's recipients. The move is recorded on the account's timeline.
import { setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { JourneyDefinition } from '../domain/journey/definition';
import { positionOf, startPosition, stepAt, type Position } from '../domain/journey/engine';
import { JourneyStage } from '../temporal/search-attributes';
import { acts } from './activity-proxies';
import { changeVersionUpdate } from './journey-api';
import type { JourneyState } from '../domain/journey/journey-state';

export type Running = { def: JourneyDefinition; journeyVersion: number };

export function installVersionChange(state: JourneyState, current: () => Running): void {
  setHandler(
    changeVersionUpdate,
    (change) => {
      state.versionChange = change;
      const { def, journeyVersion } = current();
      return { from: journeyVersion, to: change.journeyVersion, mode: change.mode, step: stepAt(def, state.position)?.id ?? null };
    },
    {
      validator: (change) => {
        const { def, journeyVersion } = current();
        if (state.ended) throw new Error(`the journey has already ended (${state.status})`);
        if (change.journeyVersion <= journeyVersion) {
          throw new Error(`version ${change.journeyVersion} is not newer than the journey's version ${journeyVersion}`);
        }
        const stepId = stepAt(def, state.position)?.id;
        if (change.mode === 'migrate' && stepId !== undefined && !change.stepIds.includes(stepId)) {
          throw new Error(`step ${stepId} does not exist in version ${change.journeyVersion}: the journey keeps version ${journeyVersion} (restart it instead)`);
        }
      },
    },
  );
}

/**
 * Applies the pending version change. Returns the new definition and version, or undefined when the
 * journey stays where it is (its step disappeared between the Update and the safe point).
 */
export async function applyVersionChange(
  state: JourneyState,
  running: Running,
  run: { workflowId: string; journeyKey: string; accountId: string },
): Promise<Running | undefined> {
  const change = state.versionChange!;
  state.versionChange = undefined;
  const from = running.journeyVersion;
  const to = change.journeyVersion;
  const next = await acts.loadJourneyDefinition({ key: run.journeyKey, version: to });
  const here = stepAt(running.def, state.position);
  let position: Position | null;
  if (change.mode === 'migrate') {
    position = here === undefined ? null : positionOf(next, { step: here.id });
    if (position === null) {
      const text = `stayed on version ${from}: step ${here?.id ?? '(none)'} is not in version ${to}`;
      state.note(Date.now(), 'journey', text);
      await acts.recordLifecycleNote({ ...run, stepPath: `${state.position.stage}/${here?.id ?? ''}`, atMs: Date.now(), type: 'lifecycle_version_kept', detail: { from, to, text } });
      return undefined;
    }
    // A wait keeps its deadline only where the same step is still a wait of the same kind.
    if (stepAt(next, position)?.type !== here?.type) state.waitUntilMs = undefined;
  } else {
    position = startPosition(next);
    state.waitUntilMs = undefined;
    state.startedAtMs = Date.now();
  }
  if (position.stage !== state.position.stage) state.stageEnteredAtMs = Date.now();
  state.position = position;
  const step = stepAt(next, position)?.id ?? null;
  const where = `${position.stage}/${step ?? ''}`;
  state.note(Date.now(), 'journey', change.mode === 'migrate' ? `migrated from version ${from} to ${to} at ${where}` : `restarted on version ${to} (was ${from}) at ${where}`);
  upsertMemo({ journeyVersion: to });
  upsertSearchAttributes([{ key: JourneyStage, value: position.stage }]);
  await acts.recordVersionChange({ ...run, stepPath: where, from, to, mode: change.mode, stage: position.stage, step, atMs: Date.now() });
  return { def: next, journeyVersion: to };
}
