// The CrmLink table: which CRM record stands for which Harpoon record. `linked` is the one way sync
// gets a CRM record, so a record is never created twice: a link made before is used; without one
// the CRM is searched (a create whose link was lost when the process died is found there); only
// then is it created, and linked at once. Two syncs of one record at the same moment (a task's
// opportunity and won delivered together) would both search, find nothing and both create: so the
// one that makes a record first claims it (a link row without crmId), and the other waits for it.
// The claim also covers a create whose answer never came (or a process that died in it): it stands
// until the CRM's search shows what may have been made, and the next sync searches before creating.
import { isUniqueViolation, type Db } from '../../db/client';
import type { CrmKind } from './crm-connection';
import { CrmError } from './crm-error';

export type LinkKey = { crm: CrmKind; objectType: string; harpoonKey: string };

/** Whether sync made the CRM record just now or found it (linked before, or in the CRM). */
export type Linked = { crmId: string; created: boolean };

export async function linkedId(db: Db, key: LinkKey): Promise<string | null> {
  const row = await db.crmLink.findUnique({ where: { crm_objectType_harpoonKey: key } });
  return row?.crmId ?? null;
}

/** The Harpoon key linked to a CRM record (a deal's task), if any. */
export async function harpoonKeyOf(db: Db, crm: CrmKind, objectType: string, crmId: string): Promise<string | null> {
  const row = await db.crmLink.findFirst({ where: { crm, objectType, crmId } });
  return row?.harpoonKey ?? null;
}

/** A claim older than this is a sync that died while making the record: the next one takes over (and searches first). */
const claimExpiresMs = 2 * 60_000;
const waitForClaimMs = 2_000;
/** How long after a create whose answer never came the CRM's search surely shows the record (HubSpot's index lags seconds). */
const searchCatchesUpMs = 30_000;

/**
 * The CRM record to change (never to make) for a Harpoon record: null when no sync made one. While
 * a sync is making it (its claim: the create may be under way with what it read before), a
 * retryable CrmError, so the change waits for the record rather than missing it; with the feed's
 * growing backoff, not a fixed wait, as a claim may stand minutes (a create whose answer never came,
 * a sync that died) until the record's own sync settles it.
 */
export async function linkedIdToChange(db: Db, key: LinkKey): Promise<string | null> {
  const row = await db.crmLink.findUnique({ where: { crm_objectType_harpoonKey: key } });
  if (row && row.crmId === null) {
    throw new CrmError(`a sync is making the ${key.objectType} of ${key.harpoonKey} right now (or died making it): changing it once it is made`, true);
  }
  return row?.crmId ?? null;
}

/** Claims the making of a record: true for the one caller that may search and create it now. */
async function claim(db: Db, key: LinkKey): Promise<boolean> {
  try {
    await db.crmLink.create({ data: { ...key, crmId: null } });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const stale = new Date(Date.now() - claimExpiresMs);
  const { count } = await db.crmLink.updateMany({ where: { ...key, crmId: null, createdAt: { lt: stale } }, data: { createdAt: new Date() } });
  return count === 1;
}

export async function linked(db: Db, key: LinkKey, find: () => Promise<string | null>, create: () => Promise<string>): Promise<Linked> {
  const known = await linkedId(db, key);
  if (known !== null) return { crmId: known, created: false };
  if (!(await claim(db, key))) {
    const made = await linkedId(db, key);
    if (made !== null) return { crmId: made, created: false };
    throw new CrmError(`another sync is making the ${key.objectType} of ${key.harpoonKey} right now: trying again once it has`, true, waitForClaimMs);
  }
  let crmId: string;
  let found: string | null;
  try {
    found = await find();
    crmId = found ?? (await create());
  } catch (err) {
    if (err instanceof CrmError && err.mayHaveCreated) {
      // The record may exist: the claim stands until the CRM's search would show it, so the retry
      // that takes the claim over then finds it rather than making a second one.
      await db.crmLink.updateMany({ where: { ...key, crmId: null }, data: { createdAt: new Date(Date.now() - claimExpiresMs + searchCatchesUpMs) } });
    } else {
      // Nothing was made (or the CRM said no): the claim goes, so a retry starts afresh at once.
      await db.crmLink.deleteMany({ where: { ...key, crmId: null } });
    }
    throw err;
  }
  await db.crmLink.update({ where: { crm_objectType_harpoonKey: key }, data: { crmId } });
  return { crmId, created: found === null };
}
