// Harpoon's custom search attributes: admins filter journeys in the Web UI by these
// (e.g. `JourneyName = "demo" AND JourneyStage = "engage"`). Workflow-safe: no I/O here.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const AccountId = defineSearchAttributeKey('AccountId', SearchAttributeType.KEYWORD);
export const AccountTier = defineSearchAttributeKey('AccountTier', SearchAttributeType.KEYWORD);
export const JourneyName = defineSearchAttributeKey('JourneyName', SearchAttributeType.KEYWORD);
export const JourneyStage = defineSearchAttributeKey('JourneyStage', SearchAttributeType.KEYWORD);
export const EngagementScore = defineSearchAttributeKey('EngagementScore', SearchAttributeType.INT);
/** Sales handoff tasks: `TaskStatus = "created"` lists the journeys waiting on sales. */
export const TaskStatus = defineSearchAttributeKey('TaskStatus', SearchAttributeType.KEYWORD);
/** The owning rep's ID (IDs only in Temporal; `sales inbox --owner <email>` resolves it). */
export const SalesOwner = defineSearchAttributeKey('SalesOwner', SearchAttributeType.KEYWORD);

/** Account reviews: `ReviewStatus = "waiting"` lists the journeys (and reviews) waiting on a person's review. */
export const ReviewStatus = defineSearchAttributeKey('ReviewStatus', SearchAttributeType.KEYWORD);

export const harpoonSearchAttributes = [AccountId, AccountTier, JourneyName, JourneyStage, EngagementScore, TaskStatus, SalesOwner, ReviewStatus];

/** The dev server's `--search-attribute Name=Type` arguments. */
export function searchAttributeFlags(): string[] {
  const typeName = { [SearchAttributeType.KEYWORD]: 'Keyword', [SearchAttributeType.INT]: 'Int' } as Record<string, string>;
  return harpoonSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${typeName[key.type]}`]);
}
