#!/usr/bin/env node
// `npx harpoon ...`: runs the CLI compiled to JavaScript (scripts/build-cli.mjs; rebuilt when a source
// changed), so a call does not pay for transpiling. If compiling fails, runs the sources through tsx,
// which reports the problem in the source itself.
import { pathToFileURL } from 'node:url';
import { buildCli, freshBuild } from '../scripts/build-cli.mjs';

let entry = freshBuild();
if (!entry) {
  entry = await buildCli().catch((err) => {
    // Still works, only slower: say so, so a broken build does not go unnoticed.
    process.stderr.write(`harpoon: could not compile the CLI (${err instanceof Error ? err.message.split('\n')[0] : err}); running from the sources\n`);
    return undefined;
  });
}
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
