import { monthlyDraft } from './lambda.ts';

export const handler = () => monthlyDraft();
