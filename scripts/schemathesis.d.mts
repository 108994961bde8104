// Types for schemathesis.mjs, plain JavaScript so `npm install` can run it before any TypeScript tooling.
export declare const SCHEMATHESIS_VERSION: string;
export declare const SCHEMATHESIS_VENV: string;
export declare function venvSchemathesis(root: string): string;
export declare function findSchemathesis(root: string): { path: string; source: string } | null;
export declare const missingSchemathesisAdvice: string;
