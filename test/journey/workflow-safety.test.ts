// The journey, engagement and policy modules run inside Temporal's workflow sandbox, where I/O,
// wall-clock time and randomness would break deterministic replay. This walks their imports
// (including what they borrow from other domain folders) and fails on anything that is not allowed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sandboxed = ['domain/journey', 'domain/engagement', 'domain/policy', 'domain/sales', 'domain/measurement'];
const allowedPackages = new Set(['zod']);
const forbidden: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/new Date\(\s*\)/, 'new Date() without an argument'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bprocess\./, 'process'],
  [/\bsetTimeout\s*\(|\bsetInterval\s*\(/, 'timers'],
];

function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
}

function resolveLocal(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find(existsSync) ?? base;
}

function sandboxFiles(): string[] {
  const start = sandboxed.flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(root, dir, f)),
  );
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) if (spec.startsWith('.')) queue.push(resolveLocal(file, spec));
  }
  return [...seen].sort();
}

describe('workflow sandbox safety', () => {
  const files = sandboxFiles();

  it('finds the modules to check', () => {
    expect(files.map((f) => path.relative(root, f))).toEqual(
      expect.arrayContaining(['domain/journey/engine.ts', 'domain/engagement/score.ts', 'domain/policy/contact-policy.ts']),
    );
  });

  it.each(files.map((f) => [path.relative(root, f), f]))('%s uses no I/O, clock, randomness or Node modules', (_, file) => {
    const source = readFileSync(file, 'utf8');
    const packages = importsOf(source).filter((spec) => !spec.startsWith('.'));
    expect(packages.filter((p) => !allowedPackages.has(p))).toEqual([]);
    expect(forbidden.filter(([pattern]) => pattern.test(source)).map(([, what]) => what)).toEqual([]);
  });
});
