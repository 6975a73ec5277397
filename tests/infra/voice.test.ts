/**
 * The voice recordings' bucket and key (issue 19), on the offline synth: private, SSE-KMS
 * with a key of its own, TLS only, no public access, no ACLs, unversioned, a lifecycle
 * backstop beside retention, retained in prod. Who may touch it is in policies.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { VOICE_EXPIRY_DAYS } from '../../stacks/Storage.ts';
import { type Json, keyByAlias, mentions, SYNTH_TIMEOUT, synth, type Templates } from './synth.ts';

describe.each(['ci', 'prod'])('the voice bucket (stage "%s")', (stage) => {
  let t: Templates;
  let bucket: [string, Json];
  beforeAll(async () => {
    t = await synth(stage);
    const found = Object.entries(t.storage.findResources('AWS::S3::Bucket')).filter(([id]) =>
      id.startsWith('VoiceBucket'),
    );
    expect(found).toHaveLength(1);
    bucket = found[0] as [string, Json];
  }, SYNTH_TIMEOUT);

  it('is encrypted with its own rotating KMS key, bucket key on', () => {
    const keyId = keyByAlias(t.storage, `alias/mashura-${stage}-voice`);
    expect(t.storage.findResources('AWS::KMS::Key')[keyId]?.Properties.EnableKeyRotation).toBe(true);
    const rule = bucket[1].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(rule.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(mentions(rule.ServerSideEncryptionByDefault.KMSMasterKeyID, keyId)).toBe(true);
    expect(rule.BucketKeyEnabled).toBe(true);
  });

  it('blocks every kind of public access, has no ACLs and keeps no old versions', () => {
    expect(bucket[1].Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket[1].Properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(bucket[1].Properties.VersioningConfiguration).toBeUndefined();
  });

  it('refuses every request that is not over TLS 1.2 or later', () => {
    const policies = Object.values(t.storage.findResources('AWS::S3::BucketPolicy')).filter((p) =>
      mentions(p.Properties.Bucket, bucket[0]),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]!.Properties.PolicyDocument.Statement as Json[];
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  });

  it('expires objects as a backstop to retention and aborts stale uploads', () => {
    expect(bucket[1].Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'RetentionBackstop', ExpirationInDays: VOICE_EXPIRY_DAYS, Status: 'Enabled' }),
        expect.objectContaining({
          Id: 'AbortIncompleteUploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        }),
      ]),
    );
  });

  it(`is ${stage === 'prod' ? 'kept' : 'removed'} with the stack, like the table`, () => {
    expect(bucket[1].DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
  });

  it('is never emptied by a stack operation: no auto-delete helper Lambda, no auto-delete bucket policy', () => {
    // SST's default removal policy "destroy" would add CDK's auto-delete custom resource
    // (a nodejs22.x Lambda with a log group kept forever); the bucket opts out in every stage.
    expect(t.storage.findResources('Custom::S3AutoDeleteObjects')).toEqual({});
    const fns = Object.keys(t.storage.findResources('AWS::Lambda::Function'));
    expect(fns.filter((id) => /AutoDelete/.test(id))).toEqual([]);
    expect(JSON.stringify(t.storage.toJSON())).not.toMatch(/AutoDeleteObjects|s3:DeleteObject\*/);
    expect(bucket[1].Properties.Tags ?? []).not.toContainEqual(
      expect.objectContaining({ Key: 'aws-cdk:auto-delete-objects' }),
    );
  });

  it('gives the bucket name to the functions that use it, and to no other', () => {
    const users = Object.entries({ web: t.web, schedules: t.schedules }).flatMap(([, template]) =>
      Object.values(template.findResources('AWS::Lambda::Function'))
        .filter((fn) => fn.Properties.Environment?.Variables?.MASHURA_VOICE_BUCKET)
        .map((fn) => fn.Properties.Handler as string),
    );
    expect(users.sort()).toEqual([
      'functions/http.handler',
      'functions/staff.handler',
      'functions/sweeps/purge.handler',
    ]);
  });
});
