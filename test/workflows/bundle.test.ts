// Workflow code runs once per cached journey: a library in its bundle is loaded again for every
// journey a worker keeps in memory. Schemas and their library (zod) stay in activities.
import { silentLogger } from '../support/quiet-runtime';
import { bundleWorkflowCode } from '@temporalio/worker';
import { expect, it } from 'vitest';
import { workflowsPath } from '../../worker/create-worker';

it('keeps zod out of the workflow bundle', async () => {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: silentLogger });
  const modules = [...code.matchAll(/!\*\*\* (\.\/[^ ]+) \*\*\*!/g)].map((m) => m[1]!);
  expect(modules.filter((m) => m.includes('node_modules/zod'))).toEqual([]);
  expect(modules).toContain('./domain/engagement/score.ts');
}, 120_000);
