// The SDK's retry of gRPC calls (a call the cluster could not take is tried again after a back-off),
// with one fault taken out: a retry that fell due after its connection was closed threw "Channel has
// been shut down" from a timer, which ends the process. Any caller that gives up on an unreachable
// cluster and closes its connection could do it (a status probe with a timeout, the API server
// stopping while a request waits for the cluster). Such a retry now ends its call with CANCELLED,
// which the caller, if still waiting, gets as the call's error.
import { Metadata, status, type Interceptor, type InterceptingListener } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/** What an interceptor's next call returns (grpc-js does not export its interface by name). */
type NextCallResult = ReturnType<Parameters<Interceptor>[1]>;

/**
 * A call that could not be made: it ends with CANCELLED as soon as it starts, and sends nothing. As
 * grpc-js's own unary calls do, it reports "no message" (null) before the status, which the SDK's
 * retry relies on.
 */
class CallNotMade implements NextCallResult {
  constructor(private readonly details: string) {}
  start(_metadata: Metadata, listener?: Partial<InterceptingListener>): void {
    process.nextTick(() => {
      listener?.onReceiveMessage?.(null);
      listener?.onReceiveStatus?.({ code: status.CANCELLED, details: this.details, metadata: new Metadata() });
    });
  }
  cancelWithStatus(): void {}
  getPeer(): string {
    return '';
  }
  sendMessageWithContext(): void {}
  sendMessage(): void {}
  startRead(): void {}
  halfClose(): void {}
  getAuthContext(): null {
    return null;
  }
}

const sdkRetry = makeGrpcRetryInterceptor(defaultGrpcRetryOptions());

/** Every Harpoon connection's interceptors in place of the SDK's default (the same retry). */
export const grpcInterceptors: Interceptor[] = [
  (options, nextCall) =>
    sdkRetry(options, (callOptions) => {
      try {
        return nextCall(callOptions);
      } catch (err) {
        return new CallNotMade(err instanceof Error ? err.message : String(err));
      }
    }),
];
