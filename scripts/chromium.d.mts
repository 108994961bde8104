// Types for chromium.mjs, plain JavaScript so `npm install` can run it before any TypeScript tooling.
export type FoundChromium = { path: string; source: string; env: Record<string, string> };
export declare const CHROMIUM_PACKAGE: string;
export declare function bundledVersion(root: string): string | null;
export declare function bundledDir(root: string, version: string): string;
export declare function findChromium(root: string): FoundChromium | null;
export declare const missingChromiumAdvice: string;
