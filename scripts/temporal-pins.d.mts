// Types for temporal-pins.mjs, which stays plain JavaScript so `npm install` can run it before any
// TypeScript tooling exists.
export type TemporalPin = { bin: string; env: string; wheel: string; versionArgs?: string[]; expect?: string };
export declare const VENV_DIR: string;
export declare const PINS: TemporalPin[];
export declare function venvBin(root: string, bin: string): string;
export declare function findOnPath(bin: string): string | null;
