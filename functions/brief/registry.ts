/**
 * Every Lambda the brief workflow (workflows/brief.asl.json) invokes, by the `${NameArn}`
 * substitutions it uses: one task, emailing a published brief to one inbox.
 */
export const BRIEF_FUNCTIONS = {
  SendBriefEmail: 'functions/brief/send-brief-email.handler',
} as const;

export type BriefFunctionName = keyof typeof BRIEF_FUNCTIONS;

/** The monthly draft, run by a schedule (EventBridge in AWS, a timer locally). */
export const BRIEF_SCHEDULE_FUNCTION = 'functions/brief/monthly-draft.handler';
