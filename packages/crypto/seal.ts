import type { KeyringNode } from '@aws-crypto/material-management-node';
import type { ContactSealer } from '#core';

/**
 * Envelope encryption of contact details with the AWS Encryption SDK: each value gets its
 * own data key, wrapped by KMS in AWS or by a local AES-256 key file on a laptop. The
 * reference is bound in as encryption context, so ciphertext moved to another submission
 * will not decrypt.
 *
 * The SDK is used through its own packages, each imported on first use: the encrypt client
 * (`@aws-crypto/encrypt-node`) for sealing, the decrypt client (`@aws-crypto/decrypt-node`)
 * for opening, and the one keyring configured. `@aws-crypto/client-node` is all of them in
 * one CommonJS module (the branch keystore, the RSA keyring, asn1.js, bn.js…), ≈ 200 ms of
 * a cold start even where nothing is encrypted. The public function seals only, and only when
 * a person leaves an email or an organisation, so it never loads the decrypt path at all.
 */
export const PURPOSE = 'mashura-contact';

export type KeyringSource = { kind: 'kms'; keyArn: string } | { kind: 'local'; key: Uint8Array };

/** A checked keyring configuration; the keyring (and the SDK beneath it) is built on first use. */
export interface ContactKeyring {
  readonly kind: KeyringSource['kind'];
  keyring(): Promise<KeyringNode>;
}

export function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

export function contactKeyring(source: KeyringSource): ContactKeyring {
  if (source.kind === 'kms') {
    const { keyArn } = source;
    return {
      kind: 'kms',
      keyring: memo(async () => {
        const { KmsKeyringNode } = await import('@aws-crypto/kms-keyring-node');
        return new KmsKeyringNode({ generatorKeyId: keyArn });
      }),
    };
  }
  if (source.key.byteLength !== 32) throw new Error('The local contact key must be 32 bytes');
  // The SDK insists on a buffer that owns its memory (not a slice of a shared pool).
  const key = new Uint8Array(source.key);
  return {
    kind: 'local',
    keyring: memo(async () => {
      const { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = await import('@aws-crypto/raw-aes-keyring-node');
      return new RawAesKeyringNode({
        keyName: 'contact-key',
        keyNamespace: 'mashura-local',
        unencryptedMasterKey: key,
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
    }),
  };
}

const encryptClient = memo(async () => {
  const [{ buildEncrypt }, { CommitmentPolicy }] = await Promise.all([
    import('@aws-crypto/encrypt-node'),
    import('@aws-crypto/material-management-node'),
  ]);
  return buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encrypt;
});

/** Encrypt only: what the public function needs (its role may not decrypt either). */
export function createContactSealer(keyring: ContactKeyring): ContactSealer {
  return {
    async seal(contact, reference) {
      const [encrypt, node] = await Promise.all([encryptClient(), keyring.keyring()]);
      const { result } = await encrypt(node, JSON.stringify(contact), {
        encryptionContext: { purpose: PURPOSE, reference },
      });
      return Buffer.from(result).toString('base64');
    },
  };
}
