// One place that knows how to reach the Temporal cluster: the embedded dev server by default, or a
// configured one (self-hosted with mTLS, or Temporal Cloud with an API key).
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from '../config/env';
import { dataConverterFor } from './data-converter';
import { grpcInterceptors } from './grpc-retry';

export function temporalAddress(cfg: Config): string {
  return cfg.temporal.address ?? `127.0.0.1:${cfg.temporal.port}`;
}

function connectionOptions(cfg: Config): ConnectionOptions & NativeConnectionOptions {
  const t = cfg.temporal;
  const clientCert =
    t.tlsCertPath && t.tlsKeyPath
      ? { crt: readFileSync(t.tlsCertPath), key: readFileSync(t.tlsKeyPath) }
      : undefined;
  return {
    address: temporalAddress(cfg),
    tls: t.tls ? { clientCertPair: clientCert } : undefined,
    apiKey: t.apiKey,
    metadata: t.apiKey ? { 'temporal-namespace': t.namespace } : undefined,
  };
}

/** `connectTimeoutMs`: how long to wait for an unreachable cluster before failing (the SDK waits 10 s). */
export async function connectClient(cfg: Config, opts: { connectTimeoutMs?: number } = {}): Promise<Client> {
  const connection = await Connection.connect({ ...connectionOptions(cfg), connectTimeout: opts.connectTimeoutMs, interceptors: grpcInterceptors });
  // Payloads encrypted with HARPOON_CODEC_KEYS when set; the worker uses the same (worker-process.ts).
  return new Client({ connection, namespace: cfg.temporal.namespace, dataConverter: dataConverterFor(cfg) });
}

export function connectWorkerConnection(cfg: Config): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(cfg));
}
