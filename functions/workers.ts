import type { Config } from '#core';
import { type ContactVault, contactKeyring, createContactVault, type KeyringSource } from '#crypto/contact.ts';
import type { Logger } from '#log';
import { createSesSender } from '#mail';
import { objectsFor } from '#objects';
import { createDocumentClient, createSubmissionStore } from '#store';

export interface Secrets {
  receiptSecret?: string;
  /** The local AES key when no KMS key is configured. */
  localContactKey?: Uint8Array;
  /** Keys for the abuse defences (form stamps, proof of work, client keys); defaults to the receipt secret. */
  protectSecret?: string;
  /** Keys staff anti-forgery tokens, queue cursors and sign-in rate-limit keys (staff function only). */
  staffSecret?: string;
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

/** The table's client. */
export const documentClientFor = (config: Config) =>
  createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });

/** The email sender (SES; its client is built on the first send). */
export const mailSenderFor = (config: Config) =>
  createSesSender({
    region: config.region,
    endpoint: config.sesEndpoint,
    configurationSetName: config.mailConfigurationSet,
  });

/**
 * What the intake, outcome and sweep tasks and the local runtime share. A task that needs
 * less composes only its part from the helpers above (the statement and brief tasks: their
 * store and the sender), so its cold start does not build the submission store, its search
 * index or the contact vault for nothing.
 */
export function composeWorkers(config: Config, secrets: Secrets, log: Logger) {
  const client = documentClientFor(config);
  // The deployment's campaign rule, so a campaign is recorded by the rule the queue flags by.
  const store = createSubmissionStore(client, config.tableName, { campaign: config.campaign });
  const mail = mailSenderFor(config);
  return { client, store, mail, objects: objectsFor(config), vault: vaultFor(config, secrets), config, log };
}
