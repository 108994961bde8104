/** Marks the end of an exhaustive switch: adding a step or condition kind breaks the build here. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
