import { loadConfig } from '#core';
import { createLogger } from '#log';
import { createSfnStarter } from '../intake/starter.ts';
import { composeWorkers } from '../workers.ts';
import { createSweeps } from './sweeps.ts';

const config = loadConfig();
const intakeArn = process.env.MASHURA_INTAKE_ARN;
if (!intakeArn) throw new Error('MASHURA_INTAKE_ARN is not set');
const log = createLogger();
export const sweeps = createSweeps({ ...composeWorkers(config, {}, log), starter: createSfnStarter(intakeArn), log });
