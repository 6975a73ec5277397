/**
 * Every Lambda the intake workflow invokes: the `${NameArn}` substitutions in
 * workflows/intake.asl.json, each with its handler file. The Workflow stack creates one
 * function per entry; a test checks this list and the workflow file agree.
 */
export const INTAKE_FUNCTIONS = {
  LoadSubmission: 'functions/intake/load-submission.handler',
  RouteSubmission: 'functions/intake/route-submission.handler',
  SendInboxEmail: 'functions/intake/send-inbox-email.handler',
  AcknowledgeSubmitter: 'functions/intake/acknowledge-submitter.handler',
  RecordDeliveryFailure: 'functions/intake/record-delivery-failure.handler',
  MarkRouted: 'functions/intake/mark-routed.handler',
} as const;

export type IntakeFunctionName = keyof typeof INTAKE_FUNCTIONS;

/** Sweeps run on schedules (EventBridge in AWS, timers locally). */
export const SWEEP_FUNCTIONS = {
  redrive: 'functions/sweeps/redrive.handler',
  escalate: 'functions/sweeps/escalate.handler',
  /** Retention: erase contact details after closure, delete old spam (functions/sweeps/retention.ts). */
  purge: 'functions/sweeps/purge.handler',
} as const;
