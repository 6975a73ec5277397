import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

// A CommonJS package: under tsx/Node the default import is the module object itself.
const sesServer = (sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule;

/** aws-ses-v2-local on loopback: captures every email the service sends. */
export async function startLocalSes(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = await sesServer({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
