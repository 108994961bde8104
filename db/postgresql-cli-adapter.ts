// The PostgreSQL driver adapter as the Prisma CLI (migrate deploy, migrate diff) uses it.
//
// Prisma 6.19's schema engine reads PostgreSQL's catalogue through the driver adapter, and
// @prisma/adapter-pg 6.19 does not know the catalogue's own column types (`name`, `"char"`): every
// migrate command fails with "Column type 'name' could not be deserialized from the database"
// (prisma/orm#27403, open). Both are text, so their columns are reported as text before the
// adapter maps them. Our own queries never select such columns; only the CLI needs this.
import { PrismaPg } from '@prisma/adapter-pg';

/** PostgreSQL type OIDs of the catalogue's text-like types, and the text types they read as. */
const asText: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

type Field = { dataTypeID: number };
type Queryable = { performIO(query: unknown): Promise<{ fields: Field[] }> };

function readCatalogueTypesAsText<T>(queryable: T): T {
  const q = queryable as unknown as Queryable;
  const performIO = q.performIO.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) field.dataTypeID = asText[field.dataTypeID] ?? field.dataTypeID;
    return result;
  };
  const withTransactions = queryable as unknown as { startTransaction?: (...args: unknown[]) => Promise<unknown> };
  if (withTransactions.startTransaction) {
    const start = withTransactions.startTransaction.bind(queryable);
    withTransactions.startTransaction = async (...args) => readCatalogueTypesAsText(await start(...args));
  }
  return queryable;
}

export class PrismaPgForCli extends PrismaPg {
  override async connect() {
    return readCatalogueTypesAsText(await super.connect());
  }

  override async connectToShadowDb() {
    return readCatalogueTypesAsText(await super.connectToShadowDb());
  }
}
