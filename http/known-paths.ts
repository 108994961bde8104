// Which methods each registered path answers, so a path that exists answers a method it does not
// have with 405 and an Allow header, rather than the 404 of a path that does not exist. Routes are
// collected as they are registered, so a new route file gets this by being registered.
import type { FastifyInstance } from 'fastify';

type KnownPath = { pattern: RegExp; methods: Set<string> };

const patternOf = (url: string) => new RegExp(`^${url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+').replace(/\*/g, '.*')}/?$`);

export type KnownPaths = { methodsOf(path: string): string[] };

export function collectKnownPaths(app: FastifyInstance): KnownPaths {
  const known = new Map<string, KnownPath>();
  app.addHook('onRoute', (route) => {
    const entry = known.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) entry.methods.add(method);
    known.set(route.url, entry);
  });
  return {
    methodsOf(path) {
      const methods = new Set<string>();
      for (const entry of known.values()) if (entry.pattern.test(path)) for (const m of entry.methods) methods.add(m);
      return [...methods].sort();
    },
  };
}
