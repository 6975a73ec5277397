import type { SSTConfig } from 'sst';
import { EDGE_REGION, Edge } from './stacks/Edge.ts';
import { Mail } from './stacks/Mail.ts';
import { Monitoring } from './stacks/Monitoring.ts';
import { Schedules } from './stacks/Schedules.ts';
import { Storage } from './stacks/Storage.ts';
import { helperLogs, LAMBDA_RUNTIME } from './stacks/shared.ts';
import { Web } from './stacks/Web.ts';
import { Workflow } from './stacks/Workflow.ts';

/**
 * The SST v2 app (sst@2.49.8, pinned: see docs/adr/0003-infrastructure.md).
 * Stacks are added in dependency order: each `use()`s only stacks added before it.
 *
 * Two deploys per stage (docs/deploy.md, docs/adr/0007-production.md): SST v2 puts every stack
 * of an app in one region, and a CloudFront web ACL must live in us-east-1, so
 * `--region us-east-1` deploys the Edge stack (the WAF web ACL) and nothing else; the default
 * region (eu-central-1) deploys the service itself, given that ACL's ARN.
 */
export default {
  config(_input) {
    return {
      name: 'mashura',
      region: 'eu-central-1',
    };
  },
  stacks(app) {
    if (app.region === EDGE_REGION) {
      app.stack(Edge);
      helperLogs(app);
      return;
    }

    // Ephemeral stages clean up after themselves; prod keeps its data (the table and
    // the KMS keys also set their own removal policy, so this is a second guard only).
    if (app.stage !== 'prod') app.setDefaultRemovalPolicy('destroy');

    app.setDefaultFunctionProps({
      // SST 2.49.8 knows "nodejs24.x" natively (Function.js maps it to Runtime.NODEJS_24_X);
      // Lambda deprecates nodejs22.x on 30 April 2027. SST's own helper Lambda is moved too
      // (`helperLogs` in stacks/shared.ts).
      runtime: LAMBDA_RUNTIME,
      architecture: 'arm_64',
      memorySize: '512 MB',
      timeout: '10 seconds',
      // No `logRetention` (CDK's Custom::LogRetention helper Lambda, whose own logs would be
      // kept forever): every function gets its own log group with a retention instead
      // (`functionLogs` in stacks/shared.ts), and tests/infra fails any function without one.
      // No X-Ray: traces are telemetry we do not need and would have to reason about.
      tracing: 'disabled',
      nodejs: {
        format: 'esm',
        minify: true,
        // SST's external source maps never ship in the bundle: they only feed the SST Console
        // (which we do not use) through a SourcemapUploader custom resource added at deploy.
        // Off: less to build (about a fifth of synth CPU), nothing untested in the template.
        sourcemap: false,
        // Cold starts (docs/performance.md, issue 17): code reached only through `import()`
        // (the AWS SDK clients, the encryption SDK, the SSM secrets reader) goes into chunks
        // loaded on first use, so a function's init evaluates only what every request needs.
        splitting: true,
        // SST sets keepNames, which wraps every class and function in a __name() call: about
        // 30 KB gzip and its evaluation per function. Nothing here reads function names (errors
        // carry their `name` explicitly), and stack traces keep file positions.
        // `charset: 'utf8'`: the Arabic catalogues as UTF-8 (2 bytes a letter) instead of
        // \uXXXX escapes (6): public function 416.7 → 332.2 KB, 2.5 KB less gzip, ~3 ms less to parse.
        esbuild: { keepNames: false, charset: 'utf8' },
      },
    });

    app.stack(Storage).stack(Mail).stack(Workflow).stack(Web).stack(Schedules).stack(Monitoring);
    helperLogs(app);
  },
} satisfies SSTConfig;
