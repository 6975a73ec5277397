import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { StackContext } from 'sst/constructs';

/** The domain mail is sent from; a real deployment sets MASHURA_MAIL_DOMAIN at synth. */
export const DEFAULT_MAIL_DOMAIN = 'mashura.example';

export function mailDomain(env: Record<string, string | undefined> = process.env): string {
  return env.MASHURA_MAIL_DOMAIN?.trim() || DEFAULT_MAIL_DOMAIN;
}

/**
 * SES (v2 API): the sending domain, verified with Easy DKIM, and one configuration set
 * that every message goes through (it is the identity's default, so a send that does not
 * name it still uses it).
 *
 * - Reputation metrics on (bounce and complaint rates in CloudWatch), sending enabled, TLS
 *   required to the receiving server (inbox emails carry people's words).
 * - No engagement metrics and no custom tracking domain: open/click tracking rewrites links
 *   and adds a pixel, which is tracking of the very people (and staff) we protect.
 * - The account-level suppression list applies to bounces and complaints.
 *
 * The DKIM CNAME records are stack outputs: publish them in the domain's DNS (no hosted zone
 * is assumed). An SES identity belongs to the account and region, not to a stage: two stages
 * in one account need different MASHURA_MAIL_DOMAIN values (see docs/adr/0004-workflows.md).
 */
export function Mail({ stack }: StackContext) {
  const domain = mailDomain();

  const configurationSet = new ConfigurationSet(stack, 'ConfigurationSet', {
    configurationSetName: `mashura-${stack.stage}`,
    reputationMetrics: true,
    sendingEnabled: true,
    tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
  });

  const identity = new EmailIdentity(stack, 'Identity', {
    identity: Identity.domain(domain),
    configurationSet,
    dkimSigning: true,
  });

  const mailFrom = `no-reply@${domain}`;

  stack.addOutputs({
    MailDomain: domain,
    MailFrom: mailFrom,
    ...Object.fromEntries(
      identity.dkimRecords.flatMap((record, index) => [
        [`DkimRecord${index + 1}Name`, record.name],
        [`DkimRecord${index + 1}Value`, record.value],
      ]),
    ),
  });

  return { identity, configurationSet, mailFrom };
}
