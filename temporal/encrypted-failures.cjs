// Failure messages and stack traces as payloads, so the payload codec encrypts them too: an error
// that names a contact ("550 <ines@...> rejected") never reaches a history in clear. Loaded by path
// (temporal/data-converter.ts), as the SDK requires for the worker's workflow bundle; plain
// CommonJS so both that bundle and the SDK's require() take it as it is.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
