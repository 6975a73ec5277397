import { type Config, createIntake } from '#core';
import { contactKeyring, createContactVault, type KeyringSource } from '#crypto/contact.ts';
import type { Logger } from '#log';
import { createDocumentClient, createSubmissionStore } from '#store';
import { createApp } from '#web/app.tsx';

export interface Secrets {
  receiptSecret: string;
  /** The local AES key when no KMS key is configured. */
  localContactKey?: Uint8Array;
}

/**
 * Wires the web app to its store, vault and secrets. Lambda and the local runtime both
 * call this, so the only difference between them is the configuration they pass in.
 */
export function composeWeb(config: Config, secrets: Secrets, log: Logger) {
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const submissions = createSubmissionStore(client, config.tableName);
  let keyring: KeyringSource;
  if (config.contactKeyArn) keyring = { kind: 'kms', keyArn: config.contactKeyArn };
  else if (secrets.localContactKey) keyring = { kind: 'local', key: secrets.localContactKey };
  else throw new Error('No contact key: set MASHURA_CONTACT_KEY_ARN or provide a local key');
  const vault = createContactVault(contactKeyring(keyring));
  const intake = createIntake({ repository: submissions, sealer: vault, receiptSecret: secrets.receiptSecret });
  const app = createApp({ intake, submissions, exitUrl: config.exitUrl, log });
  return { app, client, submissions, vault };
}
