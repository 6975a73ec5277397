import { briefTasks } from './lambda.ts';

export const handler = briefTasks.SendBriefEmail;
