// What publishing a new version would do to the accounts running older versions of the journey,
// for each choice of `journeys publish --running keep|migrate|restart` (shown by --dry-run):
//   keep     every account finishes on the version it runs (the default);
//   migrate  every account moves to the step with the same id in the new version at its next safe
//            point; one whose step is not in the new version stays on its version, and says so;
//   restart  every account starts the new version from its first step.
import { positionOf, startPosition, stepAt, type JourneyLayout } from './engine';

/** A running journey as the preview sees it: its step comes from the live journey when Temporal answers. */
export type RunningJourney = {
  workflowId: string;
  domain: string;
  journeyVersion: number;
  stage: string | null;
  step: string | null;
  /** Why the journey did not tell its live step when asked (the step is then unknown). */
  unanswered?: string;
};

export type Landing = { from: string; to: string; accounts: string[] };

export type PublishPreview = {
  version: number;
  running: number;
  keep: { byVersion: Record<string, number> };
  migrate: { moves: Landing[]; stay: Landing[]; undecided: Landing[] };
  restart: { to: string; accounts: number };
};

const at = (stage: string | null, step: string | null) => `${stage ?? '?'}/${step ?? '?'}`;

function group(list: Landing[], from: string, to: string, domain: string): void {
  const found = list.find((l) => l.from === from && l.to === to);
  if (found) found.accounts.push(domain);
  else list.push({ from, to, accounts: [domain] });
}

export function previewPublish(next: JourneyLayout, version: number, runs: readonly RunningJourney[]): PublishPreview {
  const start = startPosition(next);
  const preview: PublishPreview = {
    version,
    running: runs.length,
    keep: { byVersion: {} },
    migrate: { moves: [], stay: [], undecided: [] },
    restart: { to: at(start.stage, stepAt(next, start)?.id ?? null), accounts: runs.length },
  };
  for (const run of runs) {
    preview.keep.byVersion[`v${run.journeyVersion}`] = (preview.keep.byVersion[`v${run.journeyVersion}`] ?? 0) + 1;
    const from = at(run.stage, run.step);
    if (run.step === null) {
      group(preview.migrate.undecided, from, 'decided by the journey at its next safe point (its live step is unknown)', run.domain);
      continue;
    }
    const position = positionOf(next, { step: run.step });
    if (position) group(preview.migrate.moves, from, at(position.stage, run.step), run.domain);
    else group(preview.migrate.stay, from, `no step ${run.step} in version ${version}: the account stays on version ${run.journeyVersion}`, run.domain);
  }
  return preview;
}
