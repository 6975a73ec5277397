import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

/** Starts the intake workflow. A name already used is a no-op, so starts can be repeated safely. */
export interface WorkflowStarter {
  start(name: string, input: { reference: string }): Promise<'started' | 'exists'>;
}

export function createSfnStarter<Input = { reference: string }>(
  stateMachineArn: string,
  client = new SFNClient({}),
): { start(name: string, input: Input): Promise<'started' | 'exists'> } {
  return {
    async start(name, input) {
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
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
