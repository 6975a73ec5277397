import type { SSTConfig } from 'sst';
import { Mail } from './stacks/Mail.ts';
import { Schedules } from './stacks/Schedules.ts';
import { Storage } from './stacks/Storage.ts';
import { Web } from './stacks/Web.ts';
import { Workflow } from './stacks/Workflow.ts';

/**
 * The SST v2 app (sst@2.49.8, pinned: see docs/adr/0003-infrastructure.md).
 * Stacks are added in dependency order: each `use()`s only stacks added before it.
 */
export default {
  config(_input) {
    return {
      name: 'mashura',
      region: 'eu-central-1',
    };
  },
  stacks(app) {
    // Ephemeral stages clean up after themselves; prod keeps its data (the table and
    // the KMS keys also set their own removal policy, so this is a second guard only).
    if (app.stage !== 'prod') app.setDefaultRemovalPolicy('destroy');

    app.setDefaultFunctionProps({
      // SST 2.49.8 knows "nodejs22.x" natively (Function.js maps it to Runtime.NODEJS_22_X).
      runtime: 'nodejs22.x',
      architecture: 'arm_64',
      memorySize: '512 MB',
      timeout: '10 seconds',
      logRetention: 'one_month',
      // No X-Ray: traces are telemetry we do not need and would have to reason about.
      tracing: 'disabled',
      nodejs: {
        format: 'esm',
        minify: true,
        // SST's external source maps never ship in the bundle: they only feed the SST Console
        // (which we do not use) through a SourcemapUploader custom resource added at deploy.
        // Off: less to build (about a fifth of synth CPU), nothing untested in the template.
        sourcemap: false,
      },
    });

    app.stack(Storage).stack(Mail).stack(Workflow).stack(Web).stack(Schedules);
  },
} satisfies SSTConfig;
