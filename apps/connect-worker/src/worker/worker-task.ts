import { Logger } from '@nestjs/common';
import { ConnectError } from '../connect-api/connect-error';
import type { ConnectorConfig } from '../connect-api/connector-plugin';
import type { Transform } from '../connect-api/transform';
import { findTransform } from '../transforms';
import { transformConfig } from './framework-settings';
import { javaTrace } from './java-style';

export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING';

/**
 * Kafka Connect's WorkerTask: what a sink task and a source task share, the status the REST API
 * shows (state and trace) and its transitions: start (never rejects: a failure is FAILED with the
 * trace), pause, resume, fail and stop, each safe to call in any state.
 */
export abstract class WorkerTask {
  state: TaskState = 'UNASSIGNED';
  trace: string | null = null;
  protected readonly logger: Logger;
  protected paused = false;
  /** stop() was called: nothing new starts. */
  protected halted = false;
  private starting: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  /** Told once when the task becomes FAILED (the herder's task auto-restart listens). */
  onFailed: ((error: unknown) => void) | null = null;

  constructor(
    readonly connectorName: string,
    readonly id: number,
    readonly taskConfig: ConnectorConfig,
  ) {
    this.logger = new Logger(`${connectorName}-${id}`);
  }

  start(paused: boolean): Promise<void> {
    if (this.starting === null) {
      this.paused = paused;
      this.starting = this.run().catch((error: unknown) => this.fail(error));
    }
    return this.starting;
  }

  /** Converters, transforms, the plugin's task, then the consume or poll loop; a throw fails the task. */
  protected abstract run(): Promise<void>;

  /** Stops the loop and the plugin's task (called once). */
  protected abstract close(): Promise<void>;

  protected onPause(): void {}
  protected onResume(): void {}

  /** The transforms chain of the task config's `transforms` aliases (TransformationChain). */
  protected createTransforms(aliases: readonly string[]): Array<{ className: string; transform: Transform }> {
    return aliases.map((alias) => {
      const definition = findTransform(this.taskConfig[`transforms.${alias}.type`] ?? '');
      if (!definition) throw new ConnectError(`Transformation ${alias} has no known type`);
      return { className: definition.className, transform: definition.create(transformConfig(this.taskConfig, alias)) };
    });
  }

  protected fail(error: unknown): void {
    if (this.halted || this.state === 'FAILED') return;
    this.state = 'FAILED';
    this.trace = javaTrace(error);
    this.logger.error(`Task ${this.connectorName}-${this.id} failed: ${this.trace.split('\n')[0]}`);
    // Never from inside a consume or poll callback synchronously: closing waits for it.
    setImmediate(() => void this.shutdown());
    this.onFailed?.(error);
  }

  pause(): void {
    this.paused = true;
    if (this.state !== 'FAILED' && this.state !== 'UNASSIGNED') this.state = 'PAUSED';
    this.onPause();
  }

  resume(): void {
    this.paused = false;
    if (this.state === 'PAUSED') this.state = 'RUNNING';
    this.onResume();
  }

  /** Waits for a start in progress, then closes. Safe to call twice. */
  async stop(): Promise<void> {
    this.halted = true;
    await this.starting;
    await this.shutdown();
  }

  protected shutdown(): Promise<void> {
    this.stopping ??= this.close();
    return this.stopping;
  }
}
