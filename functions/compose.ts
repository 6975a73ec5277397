import { type Config, createIntake } from '#core';
import { type ContactVault, contactKeyring, createContactVault, type KeyringSource } from '#crypto/contact.ts';
import type { Logger } from '#log';
import { createSesSender } from '#mail';
import { createDocumentClient, createSubmissionStore } from '#store';
import { createApp } from '#web/app.tsx';
import type { WorkflowStarter } from './intake/starter.ts';

export interface Secrets {
  receiptSecret?: string;
  /** The local AES key when no KMS key is configured. */
  localContactKey?: Uint8Array;
}

/**
 * Wiring, shared by every Lambda and by the local runtime, so the only difference between
 * a laptop and AWS is the configuration passed in.
 */
function vaultFor(config: Config, secrets: Secrets): ContactVault {
  let keyring: KeyringSource;
  if (config.contactKeyArn) keyring = { kind: 'kms', keyArn: config.contactKeyArn };
  else if (secrets.localContactKey) keyring = { kind: 'local', key: secrets.localContactKey };
  else throw new Error('No contact key: set MASHURA_CONTACT_KEY_ARN or provide a local key');
  return createContactVault(contactKeyring(keyring));
}

export function composeWorkers(config: Config, secrets: Secrets, log: Logger) {
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const store = createSubmissionStore(client, config.tableName);
  const mail = createSesSender({ region: config.region, endpoint: config.sesEndpoint });
  return { client, store, mail, vault: vaultFor(config, secrets), config, log };
}

export function composeWeb(config: Config, secrets: Secrets, log: Logger, starter?: WorkflowStarter) {
  if (!secrets.receiptSecret) throw new Error('No receipt secret');
  const workers = composeWorkers(config, secrets, log);
  const intake = createIntake({
    repository: workers.store,
    sealer: workers.vault,
    receiptSecret: secrets.receiptSecret,
  });
  const app = createApp({
    intake,
    submissions: workers.store,
    exitUrl: config.exitUrl,
    log,
    // The execution is named after the submission, so a second start is a no-op.
    onSubmitted: starter
      ? async (record) => {
          await starter.start(record.reference, { reference: record.reference });
        }
      : undefined,
  });
  return { ...workers, app };
}
