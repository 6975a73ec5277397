/**
 * AWS's own rule packs over every stack (issue 12, finding 20): cdk-nag's AwsSolutions and
 * Serverless packs run as aspects in the offline synth (tests/infra/synth.ts), over the
 * service's stacks for the "ci" stage (every edge option on) and "prod", and over the
 * us-east-1 Edge stack. A finding passes only when the stack code suppresses it with a
 * written reason, next to the resource it concerns (`nagSuppress` in stacks/shared.ts).
 */
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type NagFinding, type NagResult, SYNTH_TIMEOUT, synth, synthEdge } from './synth.ts';

const describeFinding = (f: NagFinding) => `${f.rule}${f.finding ? `[${f.finding}]` : ''} at ${f.path}: ${f.info}`;

function counts(result: NagResult) {
  const byPack = (list: NagFinding[], pack: string) => list.filter((f) => f.rule.startsWith(`${pack}-`)).length;
  return {
    AwsSolutions: {
      open: byPack(result.findings, 'AwsSolutions'),
      suppressed: byPack(result.suppressed, 'AwsSolutions'),
    },
    Serverless: { open: byPack(result.findings, 'Serverless'), suppressed: byPack(result.suppressed, 'Serverless') },
    validationFailures: result.findings.filter((f) => f.rule === 'CdkNagValidationFailure').length,
  };
}

describe.each(['ci', 'prod'])('cdk-nag over the service stacks (stage %s)', (stage) => {
  let nag: NagResult;
  beforeAll(async () => {
    nag = (await synth(stage)).nag;
    // The numbers docs/security.md quotes ("AWS's rule packs").
    console.info(`cdk-nag ${stage}:`, JSON.stringify(counts(nag)));
    if (process.env.NAG_DUMP) writeFileSync(`${process.env.NAG_DUMP}-${stage}.json`, JSON.stringify(nag, null, 1));
  }, SYNTH_TIMEOUT);

  it('ran both packs over every stack', () => {
    const all = [...nag.findings, ...nag.suppressed];
    for (const pack of ['AwsSolutions', 'Serverless']) {
      expect(
        all.some((f) => f.rule.startsWith(`${pack}-`)),
        `${pack} reported nothing at all`,
      ).toBe(true);
    }
    const stacks = new Set(all.map((f) => f.stack));
    for (const stack of ['Storage', 'Mail', 'Workflow', 'Web', 'Schedules', 'Monitoring']) {
      expect(
        [...stacks].some((s) => s.endsWith(stack)),
        `no result for ${stack}`,
      ).toBe(true);
    }
  });

  it('leaves no finding unsuppressed', () => {
    expect(nag.findings.map(describeFinding)).toEqual([]);
  });

  it('gives every suppression a written reason', () => {
    for (const s of nag.suppressed) {
      // cdk-nag itself insists on 10 characters; a reason here says why, in a sentence.
      expect(s.reason.trim().split(/\s+/).length, `${describeFinding(s)}: "${s.reason}"`).toBeGreaterThanOrEqual(6);
    }
  });
});

describe('cdk-nag over the Edge stack (us-east-1, the WAF web ACL)', () => {
  let nag: NagResult;
  beforeAll(async () => {
    nag = (await synthEdge('prod')).nag;
    console.info('cdk-nag edge:', JSON.stringify(counts(nag)));
    if (process.env.NAG_DUMP) writeFileSync(`${process.env.NAG_DUMP}-edge.json`, JSON.stringify(nag, null, 1));
  }, SYNTH_TIMEOUT);

  it('leaves no finding unsuppressed, and every suppression has a reason', () => {
    expect(nag.findings.map(describeFinding)).toEqual([]);
    for (const s of nag.suppressed) expect(s.reason.trim().split(/\s+/).length).toBeGreaterThanOrEqual(6);
  });
});
