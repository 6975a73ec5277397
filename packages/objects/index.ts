import type { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '#core';

/**
 * The blob store for voice recordings (issue 19): S3 in AWS (a private, KMS-encrypted bucket),
 * s3rver on loopback locally (dev/objects.ts). The only code that speaks S3; the submission
 * holds the key, never the audio, and nothing else names the bucket.
 */
export interface ObjectStoreOptions {
  bucket: string;
  region: string;
  /** s3rver locally, or S3_ENDPOINT; unset in AWS. */
  endpoint?: string;
  /** s3rver's fixed local credentials; AWS uses the function's role. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** s3rver's built-in key pair (not a secret: it only opens the loopback server of local mode). */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  type: string;
  bytes: number;
  /** Set when a Range was asked for and answered. */
  range?: string;
}

/**
 * The S3 client is imported and built on first use (issue 17): every workflow task and sweep
 * composes the store, few of them touch a recording, and the client is ≈ 100 KB of a cold
 * start. A failed import is tried again on the next call.
 */
export function createObjectStore({ bucket, region, endpoint, credentials }: ObjectStoreOptions) {
  let loading: Promise<{ s3: typeof import('@aws-sdk/client-s3'); client: S3Client }> | undefined;
  const sdk = () =>
    (loading ??= import('@aws-sdk/client-s3').then(
      (s3) => ({
        s3,
        client: new s3.S3Client({
          region,
          ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
          ...(credentials ? { credentials } : {}),
        }),
      }),
      (error) => {
        loading = undefined;
        throw error;
      },
    ));

  return {
    /** The S3 client itself (tests list the bucket with it). */
    async client(): Promise<S3Client> {
      return (await sdk()).client;
    },
    async put(key: string, body: Uint8Array, type: string): Promise<void> {
      const { s3, client } = await sdk();
      await client.send(
        new s3.PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: type,
          ContentLength: body.length,
        }),
      );
    },
    /** The object as a stream (a byte range of it when asked), or undefined when it is gone. */
    async get(key: string, range?: string): Promise<StoredObject | undefined> {
      const { s3, client } = await sdk();
      try {
        const out = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
        if (!out.Body) return undefined;
        return {
          body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>,
          type: out.ContentType ?? 'application/octet-stream',
          bytes: out.ContentLength ?? 0,
          ...(out.ContentRange ? { range: out.ContentRange } : {}),
        };
      } catch (error) {
        if (error instanceof s3.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async exists(key: string): Promise<boolean> {
      const { s3, client } = await sdk();
      try {
        await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (error instanceof s3.NotFound || (error as { name?: string }).name === 'NotFound') return false;
        throw error;
      }
    },
    /** Closes the client's connections, if it was ever built. */
    async destroy(): Promise<void> {
      const built = loading && (await loading.catch(() => undefined));
      built?.client.destroy();
    },
    /** Deleting what is already gone succeeds: purges and retries may repeat. */
    async delete(key: string): Promise<void> {
      const { s3, client } = await sdk();
      await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

export type ObjectStore = ReturnType<typeof createObjectStore>;

/** Where a submission's recording lives: derived from its reference and token hash, so a retry overwrites its own. */
export const voiceKey = (reference: string, tokenHash: string) => `voice/${reference}/${tokenHash.slice(0, 16)}`;

/** The recordings' bucket from the configuration: s3rver's fixed credentials locally, the function's role in AWS. */
export function objectsFor(config: Pick<Config, 'voiceBucket' | 'region' | 's3Endpoint' | 'local'>) {
  return createObjectStore({
    bucket: config.voiceBucket,
    region: config.region,
    endpoint: config.s3Endpoint,
    credentials: config.local && config.s3Endpoint ? LOCAL_S3_CREDENTIALS : undefined,
  });
}
