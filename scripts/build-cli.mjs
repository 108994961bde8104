// Compiles the TypeScript CLI to JavaScript once, so `npx harpoon` does not transpile on every call.
// Run at install time (postinstall) and again by bin/harpoon.mjs whenever a source file it was built
// from has changed (mtimes recorded in the manifest), so an edit is picked up on the next call.
//
// Output: .cache/cli/<build>/main.mjs plus one chunk per dynamically imported command module.
// Packages in node_modules stay external. `import.meta.url` is pinned to cli/main.ts's real URL:
// the few modules that locate files from it (config/project-root.ts, the worker's workflows
// path, mjml's resolution) sit one folder below the project root, as cli/ does, so they resolve
// exactly as they do from the sources.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(projectRoot, '.cache', 'cli');
const manifestPath = path.join(cacheDir, 'manifest.json');
const thisFile = fileURLToPath(import.meta.url);

function readManifest() {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** The built entry point when every source it came from is unchanged, else undefined. */
export function freshBuild() {
  const manifest = readManifest();
  if (!manifest || manifest.root !== projectRoot) return undefined;
  for (const [rel, mtime] of Object.entries(manifest.inputs)) {
    if (mtimeOf(path.join(projectRoot, rel)) !== mtime) return undefined;
  }
  const entry = path.join(cacheDir, manifest.build, 'main.mjs');
  return existsSync(entry) ? entry : undefined;
}

/** Builds into a new folder and switches the manifest to it atomically (concurrent calls are safe). */
export async function buildCli() {
  const { build } = await import('esbuild');
  const id = `b${Date.now().toString(36)}-${process.pid}`;
  const outdir = path.join(cacheDir, id);
  mkdirSync(cacheDir, { recursive: true });
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: { main: path.join(projectRoot, 'cli', 'main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.join(projectRoot, 'cli', 'main.ts')).href) },
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = {};
  for (const rel of [...Object.keys(result.metafile.inputs), path.relative(projectRoot, thisFile)]) {
    inputs[rel] = mtimeOf(path.join(projectRoot, rel));
  }
  const tmp = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ root: projectRoot, build: id, inputs }));
  renameSync(tmp, manifestPath);
  removeOldBuilds(id);
  return path.join(outdir, 'main.mjs');
}

// A process may still be loading chunks from an older build: only builds an hour old go.
function removeOldBuilds(current) {
  const cutoff = Date.now() - 3_600_000;
  for (const name of readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (name === current || !name.startsWith('b')) continue;
    if (mtimeOf(dir) < cutoff) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  try {
    console.log(`harpoon CLI compiled: ${path.relative(projectRoot, await buildCli())}`);
  } catch (err) {
    // Never fail an install over this: bin/harpoon.mjs builds on first use, or falls back to tsx.
    console.warn(`harpoon CLI not compiled (${err.message}); it will be compiled on first use.`);
  }
}
