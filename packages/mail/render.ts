/** Every email Mashura sends is built here, as pure functions: input in, subject + HTML + text out. */

export { type BriefEmailInput, renderBriefEmail } from './brief.ts';
export { type InboxEmailInput, type InboxFields, inboxFields, renderInboxEmail } from './inbox.ts';
export type { RenderedEmail } from './layout.ts';
export { type OperatorAlertInput, renderOperatorAlert } from './operator.ts';
export { renderSignInLink, type SignInEmailInput } from './staff.ts';
export { renderStatementEmail, type StatementEmailInput } from './statement.ts';
export { renderAcknowledgement, renderOutcomeUpdate, type SubmitterEmailInput } from './submitter.ts';
export { SUBJECT_MAX_LENGTH } from './text.ts';
