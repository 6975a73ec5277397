import { readFileSync } from 'node:fs';
import type { Logger } from '#log';
import type { WorkflowStarter } from '../functions/intake/starter.ts';

// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node 20 lacks.
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
const { StateMachine } = await import('aws-local-stepfunctions');

type Handler = (payload: never) => Promise<unknown>;
type StateDefinition = {
  Type: string;
  Parameters?: { FunctionName?: string };
  ItemProcessor?: { States: Record<string, StateDefinition> };
  Iterator?: { States: Record<string, StateDefinition> };
};

/**
 * Task state name → the function it invokes, read from the definition itself: each Task's
 * `FunctionName` is a `${NameArn}` substitution, and `Name` is the handler's name. So the
 * laptop runs exactly the file AWS runs, with no second mapping to keep in step.
 */
export function taskFunctions(definition: { States: Record<string, StateDefinition> }): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (states: Record<string, StateDefinition>) => {
    for (const [name, state] of Object.entries(states)) {
      const target = state.Parameters?.FunctionName?.match(/^\$\{(\w+)Arn\}$/)?.[1];
      if (state.Type === 'Task' && target) found[name] = target;
      const nested = state.ItemProcessor ?? state.Iterator;
      if (nested) visit(nested.States);
    }
  };
  visit(definition.States);
  return found;
}

export function readWorkflow(name: string) {
  return JSON.parse(readFileSync(new URL(`../workflows/${name}.asl.json`, import.meta.url), 'utf8'));
}

export interface LocalWorkflow extends WorkflowStarter {
  /** Resolves when every execution started so far has finished. */
  idle(): Promise<void>;
}

/** Runs a workflow file in this process, the way Step Functions would run it in AWS. */
export function createLocalWorkflow(
  definition: ReturnType<typeof readWorkflow>,
  handlers: Record<string, Handler>,
  { log, retryIntervalMs }: { log: Logger; retryIntervalMs?: number },
): LocalWorkflow {
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true } });
  const mapping = taskFunctions(definition);
  const localHandlers = Object.fromEntries(
    Object.entries(mapping).map(([state, functionName]) => {
      const handler = handlers[functionName];
      if (!handler) throw new Error(`No local handler for ${functionName} (Task ${state})`);
      // The same envelope as the lambda:invoke integration, so ResultSelector paths match.
      const invoke = async (input: unknown) => ({
        StatusCode: 200,
        Payload: (await handler((input as { Payload: never }).Payload)) as never,
      });
      return [state, invoke];
    }),
  );
  const retryIntervalOverrides =
    retryIntervalMs === undefined
      ? undefined
      : Object.fromEntries(Object.keys(mapping).map((state) => [state, retryIntervalMs]));
  const names = new Set<string>();
  const running = new Set<Promise<unknown>>();

  return {
    async start(name, input) {
      if (names.has(name)) return 'exists';
      names.add(name);
      const execution = machine.run(input, {
        context: { Execution: { Name: name, Id: `local:${name}` } } as never,
        overrides: {
          taskResourceLocalHandlers: localHandlers,
          ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}),
        },
      });
      const done = execution.result.then(
        () => log('workflow.succeeded', { execution: name }),
        (error: Error) => log('workflow.failed', { execution: name, error: error.message }),
      );
      running.add(done);
      void done.finally(() => running.delete(done));
      return 'started';
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
