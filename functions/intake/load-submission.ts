import { intakeTasks } from './lambda.ts';

export const handler = intakeTasks.LoadSubmission;
