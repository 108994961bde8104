// Keeps the Temporal SDK's INFO chatter (webpack stats, worker state changes) out of test output.
// Imported first by the test helpers and files that run Temporal workers, not by every test file:
// loading the SDK's native runtime costs about a second a file, and most files never touch it.
import { installRuntime } from '../../worker/runtime';

installRuntime('warn');

/** A logger for the SDK's own calls (bundling) that says nothing. */
export const silentLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
