// The baselines' workflows, bundled together: each benchmark starts the one it compares against.
export { noopJourney } from './noop-journey';
export { signalCounter } from './signal-counter';
export { sleeper } from './sleeper';
export { ticker } from './ticker';
