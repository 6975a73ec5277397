import { INTAKE_FUNCTIONS } from '../intake/registry.ts';

/**
 * Every Lambda the outcome workflow (workflows/outcome.asl.json) invokes, by the `${NameArn}`
 * substitutions it uses. Forwarding to an inbox and recording a failure are the intake
 * workflow's own functions (same delivery markers, so an inbox never gets a submission
 * twice); telling the person there is news is the one new function.
 */
export const OUTCOME_FUNCTIONS = {
  SendInboxEmail: INTAKE_FUNCTIONS.SendInboxEmail,
  RecordDeliveryFailure: INTAKE_FUNCTIONS.RecordDeliveryFailure,
  NotifySubmitter: 'functions/outcome/notify-submitter.handler',
} as const;

export type OutcomeFunctionName = keyof typeof OUTCOME_FUNCTIONS;
