// The worker bundles this file: every workflow Harpoon runs is exported here.
import { setWorkflowOptions } from '@temporalio/workflow';
import { accountJourney } from './account-journey';
import { accountReview } from './account-review';
import { salesHandoff } from './sales-handoff';
import { seatNotice } from './seat-notice';

export { accountJourney, salesHandoff, accountReview, seatNotice };

// Worker Versioning (only when HARPOON_DEPLOYMENT_NAME and HARPOON_BUILD_ID are set; unversioned
// workers ignore this): every Harpoon workflow moves to the deployment's current version at its
// next workflow task, and `patched()` with the replay tests keeps that move deterministic. None is
// PINNED: each can sleep for long (a journey for months, a handoff through its SLA, a review until
// its deadline, even a seat notice through quiet hours), and a pinned one would keep an old
// version's workers running until it ends.
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, accountJourney);
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, salesHandoff);
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, accountReview);
setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, seatNotice);
