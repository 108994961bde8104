// What a Temporal cluster needs once before Harpoon runs on it (`harpoon admin setup`): the namespace
// exists, and Harpoon's custom search attributes are registered on it with the types Harpoon writes.
// Idempotent: attributes already there with the right type are reported as present.
import { isGrpcServiceError, type ConnectionLike } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
// default import: @temporalio/proto is CommonJS, and tsx's native ESM sees no named exports in it
import proto from '@temporalio/proto';
import { harpoonSearchAttributes } from './search-attributes';

const { IndexedValueType } = proto.temporal.api.enums.v1;

/** The cluster's name for each indexed type, as `temporal operator search-attribute` spells it. */
const typeNames: Record<number, string> = {
  [IndexedValueType.INDEXED_VALUE_TYPE_TEXT]: 'Text',
  [IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]: 'Keyword',
  [IndexedValueType.INDEXED_VALUE_TYPE_INT]: 'Int',
  [IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE]: 'Double',
  [IndexedValueType.INDEXED_VALUE_TYPE_BOOL]: 'Bool',
  [IndexedValueType.INDEXED_VALUE_TYPE_DATETIME]: 'Datetime',
  [IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST]: 'KeywordList',
};

const indexedTypeOf: Partial<Record<SearchAttributeType, number>> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

export type SearchAttributeSetup = { name: string; type: string; status: 'added' | 'present' };
export type ClusterSetupReport = { namespace: string; searchAttributes: SearchAttributeSetup[] };

/** The cluster is not ready and Harpoon cannot make it so; `message` says what to do. */
export class ClusterSetupError extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
    this.name = 'ClusterSetupError';
  }
}

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;
const PERMISSION_DENIED = 7;

async function checkNamespace(connection: ConnectionLike, namespace: string, address: string): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === NOT_FOUND) {
      throw new ClusterSetupError(
        `Namespace "${namespace}" does not exist on the Temporal cluster at ${address} (TEMPORAL_NAMESPACE=${namespace}). ` +
          `Set TEMPORAL_NAMESPACE to an existing namespace, or create this one first: ` +
          `temporal operator namespace create --namespace ${namespace} --address ${address}`,
      );
    }
    throw err;
  }
}

async function registered(connection: ConnectionLike, namespace: string): Promise<Map<string, number>> {
  const list = await connection.operatorService.listSearchAttributes({ namespace });
  return new Map(Object.entries(list.customAttributes ?? {}).map(([name, type]) => [name, Number(type)]));
}

/** Checks the namespace, then registers whichever of Harpoon's search attributes are missing. */
export async function setUpCluster(connection: ConnectionLike, namespace: string, address: string): Promise<ClusterSetupReport> {
  await checkNamespace(connection, namespace, address);
  const wanted = harpoonSearchAttributes.map((key) => ({ name: key.name, indexedType: indexedTypeOf[key.type]! }));

  const before = await registered(connection, namespace);
  const clashes = wanted.flatMap(({ name, indexedType }) => {
    const existing = before.get(name);
    return existing !== undefined && existing !== indexedType
      ? [`${name} is registered as ${typeNames[existing] ?? `type ${existing}`}, but Harpoon writes it as ${typeNames[indexedType]}`]
      : [];
  });
  if (clashes.length > 0) {
    throw new ClusterSetupError(
      `Namespace "${namespace}" has search attributes of the wrong type, and a search attribute's type cannot change; nothing was registered. ` +
        `Remove them if nothing else uses them (temporal operator search-attribute remove --namespace ${namespace} --name <name>), or use another namespace, then run harpoon admin setup again:`,
      clashes.map((c) => `  ${c}`),
    );
  }

  const missing = wanted.filter(({ name }) => !before.has(name));
  if (missing.length > 0) {
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map(({ name, indexedType }) => [name, indexedType])),
      });
    } catch (err) {
      // Another admin registered them meanwhile: the comparison below tells whether the types agree.
      if (!(isGrpcServiceError(err) && err.code === ALREADY_EXISTS)) {
        if (isGrpcServiceError(err) && err.code === PERMISSION_DENIED) {
          throw new ClusterSetupError(
            `The cluster refused to register search attributes on "${namespace}" (${err.details}). ` +
              'Temporal Cloud registers them through its own tools (the Cloud UI or tcld namespace search-attributes add), not the operator API; ' +
              `the names and types are: ${wanted.map(({ name, indexedType }) => `${name}=${typeNames[indexedType]}`).join(', ')}.`,
          );
        }
        throw err;
      }
    }
    const after = await registered(connection, namespace);
    const wrong = missing.filter(({ name, indexedType }) => after.get(name) !== indexedType);
    if (wrong.length > 0) {
      throw new ClusterSetupError(
        `Namespace "${namespace}" did not register these search attributes as Harpoon asked:`,
        wrong.map(({ name, indexedType }) => `  ${name}: ${after.has(name) ? typeNames[after.get(name)!] : 'missing'}, expected ${typeNames[indexedType]}`),
      );
    }
  }

  return {
    namespace,
    searchAttributes: wanted.map(({ name, indexedType }) => ({
      name,
      type: typeNames[indexedType]!,
      status: before.has(name) ? 'present' : 'added',
    })),
  };
}
