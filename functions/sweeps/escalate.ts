import { sweeps } from './lambda.ts';

export const handler = () => sweeps.escalate();
