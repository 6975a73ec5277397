import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A local secret kept in a file readable by its owner only (0600), created on first use.
 * In AWS the same secrets come from KMS and SST Config.Secret instead.
 */
export function ensureKeyFile(path: string, bytes = 32): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(bytes), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  const key = readFileSync(path);
  if (key.length !== bytes) throw new Error(`${path} must hold exactly ${bytes} bytes`);
  return key;
}
