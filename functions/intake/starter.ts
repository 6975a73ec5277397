import type { SFNClient } from '@aws-sdk/client-sfn';

/** Starts the intake workflow. A name already used is a no-op, so starts can be repeated safely. */
export interface WorkflowStarter {
  start(name: string, input: { reference: string }): Promise<'started' | 'exists'>;
}

/**
 * The Step Functions client is imported and made on the first start, not at cold start: the
 * public function needs it only after a submission is stored (docs/performance.md).
 */
export function createSfnStarter<Input = { reference: string }>(
  stateMachineArn: string,
  client?: SFNClient,
): { start(name: string, input: Input): Promise<'started' | 'exists'> } {
  let sdk: Promise<typeof import('@aws-sdk/client-sfn')> | undefined;
  let made: SFNClient | undefined = client;
  return {
    async start(name, input) {
      sdk ??= import('@aws-sdk/client-sfn');
      const { SFNClient, StartExecutionCommand } = await sdk.catch((error: unknown) => {
        sdk = undefined;
        throw error;
      });
      made ??= new SFNClient({});
      try {
        await made.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        return 'started';
      } catch (error) {
        if ((error as Error).name === 'ExecutionAlreadyExists') return 'exists';
        throw error;
      }
    },
  };
}

/** A fresh execution name for a redrive: the first start used the reference itself. */
export function redriveName(reference: string, now = Date.now()): string {
  return `${reference}-redrive-${now.toString(36)}`;
}
