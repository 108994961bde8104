// The CrmLink table: which CRM record stands for which Harpoon record. `linked` is the one way sync
// gets a CRM record, so a record is never created twice: a link made before is used; without one
// the CRM is searched (a create whose link was lost when the process died is found there); only
// then is it created, and linked at once.
import { isUniqueViolation, type Db } from '../../db/client';
import type { CrmKind } from './crm-connection';

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

export async function linked(db: Db, key: LinkKey, find: () => Promise<string | null>, create: () => Promise<string>): Promise<Linked> {
  const known = await linkedId(db, key);
  if (known !== null) return { crmId: known, created: false };
  const found = await find();
  const crmId = found ?? (await create());
  try {
    await db.crmLink.create({ data: { ...key, crmId } });
  } catch (err) {
    // Another sync of the same record linked it meanwhile: theirs stands.
    if (!isUniqueViolation(err)) throw err;
    return { crmId: (await linkedId(db, key))!, created: false };
  }
  return { crmId, created: found === null };
}
