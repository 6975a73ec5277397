import type { Writable } from 'node:stream';
import type { Hono } from 'hono';
import { streamHandle as honoStreamHandle } from 'hono/aws-lambda';

/**
 * The one place the app meets the Lambda HTTP adapter. `hono/aws-lambda` is deprecated (it
 * goes in Hono v5) in favour of `@hono/aws-lambda`, "the exports are the same, change the
 * import path" (its README). That package is not in the npm registry this project installs
 * from (npm answers 404 for it, December 2026), so the deprecated path is imported here and
 * nowhere else (tests/infra checks), and the move is this one line once it is published.
 */
export { getConnInfo, handle } from 'hono/aws-lambda';

/** Hono's response-streaming handler, typed as what Lambda calls (event, stream, context). */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and schema
export const streamHandle = (app: Hono<any, any, any>) => honoStreamHandle(app) as unknown as StreamingHandler;

/** What Lambda's Node.js runtime provides as the global `awslambda` (response streaming). */
export interface ResponseStreamMetadata {
  statusCode: number;
  headers?: Record<string, string>;
  cookies?: string[];
}
export type StreamingHandler = (event: unknown, responseStream: Writable, context?: unknown) => Promise<void>;

declare global {
  var awslambda: {
    streamifyResponse(handler: StreamingHandler): StreamingHandler;
    HttpResponseStream: { from(stream: Writable, metadata: ResponseStreamMetadata): Writable };
  };
}
