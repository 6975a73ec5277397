import { outcomeTasks } from './lambda.ts';

export const handler = outcomeTasks.NotifySubmitter;
