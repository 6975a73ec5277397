import S3rver from 's3rver';

/**
 * s3rver on loopback (DESIGN.md, local mode): a real S3 protocol server for the voice
 * recordings, its files under the data dir (owner-only through the runtime's umask), the
 * bucket created at start.
 */
export async function startLocalS3(
  directory: string,
  bucket: string,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: () => server.close(),
  };
}
