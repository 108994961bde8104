// Keeps the Temporal SDK's INFO chatter (webpack stats, worker state changes) out of test output.
import { installRuntime } from '../../worker/runtime';

installRuntime('warn');
