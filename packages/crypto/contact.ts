import {
  buildClient,
  CommitmentPolicy,
  type KeyringNode,
  KmsKeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import type { Contact, ContactSealer } from '#core';

/**
 * Envelope encryption of contact details with the AWS Encryption SDK: each value gets its
 * own data key, wrapped by KMS in AWS or by a local AES-256 key file on a laptop. The
 * reference is bound in as encryption context, so ciphertext moved to another submission
 * will not decrypt.
 */
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

const PURPOSE = 'mashura-contact';

export type KeyringSource = { kind: 'kms'; keyArn: string } | { kind: 'local'; key: Uint8Array };

export function contactKeyring(source: KeyringSource): KeyringNode {
  if (source.kind === 'kms') return new KmsKeyringNode({ generatorKeyId: source.keyArn });
  if (source.key.byteLength !== 32) throw new Error('The local contact key must be 32 bytes');
  return new RawAesKeyringNode({
    keyName: 'contact-key',
    keyNamespace: 'mashura-local',
    // The SDK insists on a buffer that owns its memory (not a slice of a shared pool).
    unencryptedMasterKey: new Uint8Array(source.key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

export interface ContactVault extends ContactSealer {
  open(ciphertext: string, reference: string): Promise<Contact>;
}

export function createContactVault(keyring: KeyringNode): ContactVault {
  return {
    async seal(contact, reference) {
      const { result } = await encrypt(keyring, JSON.stringify(contact), {
        encryptionContext: { purpose: PURPOSE, reference },
      });
      return Buffer.from(result).toString('base64');
    },
    async open(ciphertext, reference) {
      const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(ciphertext, 'base64'));
      const context = messageHeader.encryptionContext;
      if (context.purpose !== PURPOSE || context.reference !== reference) {
        throw new Error('Contact ciphertext does not belong to this submission');
      }
      return JSON.parse(plaintext.toString('utf8')) as Contact;
    },
  };
}
