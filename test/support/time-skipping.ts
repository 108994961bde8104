// The time-skipping test server, from the provisioned binary, with Harpoon's search attributes
// registered (this server has no --search-attribute flag; an unregistered key makes upserts fail).
// default import: @temporalio/proto is CommonJS, and tsx's native ESM sees no named exports in it
import './quiet-runtime';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { config } from '../../config/env';
import { executableFor, temporalTestServerPath } from '../../temporal/binaries';
import { harpoonSearchAttributes } from '../../temporal/search-attributes';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const indexedType = { KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, INT: IndexedValueType.INDEXED_VALUE_TYPE_INT } as Record<string, number>;

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableFor(temporalTestServerPath(config().temporal.testServerPath)) },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(harpoonSearchAttributes.map((k) => [k.name, indexedType[k.type]!])),
  });
  return env;
}
