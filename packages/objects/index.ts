import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
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

export function createObjectStore({ bucket, region, endpoint, credentials }: ObjectStoreOptions) {
  const client = new S3Client({
    region,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
  });

  return {
    client,
    async put(key: string, body: Uint8Array, type: string): Promise<void> {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: type, ContentLength: body.length }),
      );
    },
    /** The object as a stream (a byte range of it when asked), or undefined when it is gone. */
    async get(key: string, range?: string): Promise<StoredObject | undefined> {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
        if (!out.Body) return undefined;
        return {
          body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>,
          type: out.ContentType ?? 'application/octet-stream',
          bytes: out.ContentLength ?? 0,
          ...(out.ContentRange ? { range: out.ContentRange } : {}),
        };
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async exists(key: string): Promise<boolean> {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return false;
        throw error;
      }
    },
    /** Deleting what is already gone succeeds: purges and retries may repeat. */
    async delete(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
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
