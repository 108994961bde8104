#!/usr/bin/env node
// `npx harpoon ...`: runs the TypeScript CLI through tsx, so no build step stands between an edit and a run.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
