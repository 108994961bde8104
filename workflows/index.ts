// The worker bundles this file: every workflow Harpoon runs is exported here.
import { accountJourney } from './account-journey';
import { accountReview } from './account-review';
import { eventMovedNotice } from './event-moved-notice';
import { reachDelivery } from './reach-delivery';
import { salesHandoff } from './sales-handoff';
import { seatNotice } from './seat-notice';

export { accountJourney, salesHandoff, accountReview, seatNotice, eventMovedNotice, reachDelivery };

// Worker Versioning (only when HARPOON_DEPLOYMENT_NAME and HARPOON_BUILD_ID are set): every
// Harpoon workflow moves to the deployment's current version at its next workflow task
// (AUTO_UPGRADE, the worker's default behaviour: worker/create-worker.ts), and `patched()` with the
// replay tests keeps that move deterministic. None is PINNED: each can sleep for long (a journey
// for months, a handoff through its SLA, a review until its deadline, even an event notice through
// quiet hours), and a pinned one would keep an old version's workers running until it ends. The
// behaviour is not declared here per workflow: the server refuses a declared behaviour from an
// unversioned worker, which every worker is by default.
