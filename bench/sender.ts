import { request } from 'node:http';
import { assetPath } from '../web/public/assets/index.ts';

/**
 * The sender's weight (issue 19): web/public/assets/send.js as the app serves it, gzip on
 * the wire. It is not part of the form's first load: site.js fetches it when the form is
 * first used (or at once when a locked draft waits), so it is reported beside the pages.
 */
export interface SenderFigure {
  path: string;
  bytes: number;
  gzipBytes: number;
}

function get(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': encoding } }, (response) => {
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
      });
      response.on('end', () => resolve(length));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

export async function measureSender(base: string): Promise<SenderFigure> {
  const path = assetPath('send.js');
  const [bytes, gzipBytes] = await Promise.all([get(base + path, 'identity'), get(base + path, 'gzip')]);
  return { path, bytes, gzipBytes };
}
