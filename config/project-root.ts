// Where Harpoon's own files are (samples, templates, migrations, the default scoring model). Apart
// from env.ts so that the modules env.ts reads its settings with can find their files too.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
