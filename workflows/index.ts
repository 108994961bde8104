// The worker bundles this file: every workflow Harpoon runs is exported here.
export { accountJourney } from './account-journey';
export { salesHandoff } from './sales-handoff';
export { accountReview } from './account-review';
export { seatNotice } from './seat-notice';
