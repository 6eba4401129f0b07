import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { readFile } from 'node:fs/promises';
import { TASK_CLASS_CONFIG, TOPICS_CONFIG, TOPICS_REGEX_CONFIG } from '../connect-api/connector-config';
import type { ConnectorConfig, ConnectorContext, ConnectorInstance, ConnectorPlugin } from '../connect-api/connector-plugin';
import { CONNECTOR_PLUGINS, WORKER_CONFIG } from '../config/config.module';
import { ConfigError } from '@kafka-sync/service-kit';
import type { WorkerConfig } from '../config/worker-config';
import { frameworkSettings } from '../worker/framework-settings';
import { javaTrace } from '../worker/java-style';
import { KafkaClients } from '../worker/kafka-clients';
import { WorkerSinkTask } from '../worker/worker-sink-task';
import type { TaskState } from '../worker/worker-task';
import { WorkerSourceTask } from '../worker/worker-source-task';
import { OffsetStore } from '../worker/offset-store';
import { isRetriableCause } from '../worker/errors/retriable-cause';
import { ConfigStore, type TargetState } from './config-store';
import { invalidConfigMessage, resolvePlugin, validateConnectorConfig, type ConfigInfos } from './connector-config';
import { WorkerIdentity } from './worker-identity';
import { parseCreateRequest, type InitialState } from '../rest/connector-request';
import { badRequest, conflict, notFound } from '../rest/rest-error';

export type ConnectorState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED';

export interface TaskStateInfo {
  id: number;
  state: TaskState;
  worker_id: string;
  trace?: string;
}

export interface StateInfo {
  name: string;
  connector: { state: ConnectorState; worker_id: string; trace?: string };
  tasks: TaskStateInfo[];
  type: string;
}

export interface ConnectorInfo {
  name: string;
  config: ConnectorConfig;
  tasks: Array<{ connector: string; task: number }>;
  type: string;
}

export interface ConnectorOffsets {
  offsets: Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }>;
}

export interface TaskInfo {
  id: { connector: string; task: number };
  config: ConnectorConfig;
}

/** A sink or a source task, as the herder drives it. */
type WorkerTask = WorkerSinkTask | WorkerSourceTask;

const MAX_TASK_RESTART_BACKOFF_MS = 5 * 60_000;

interface ConnectorRuntime {
  name: string;
  config: ConnectorConfig;
  plugin: ConnectorPlugin | null;
  targetState: TargetState;
  state: ConnectorState;
  trace: string | null;
  taskConfigs: ConnectorConfig[];
  tasks: WorkerTask[];
  /** The plugin's running connector, for plugins that have one (createConnector). */
  instance: ConnectorInstance | null;
}

/**
 * Kafka Connect's herder for one worker: owns the connectors (configs durable in the config
 * topic), their target states, their tasks and statuses. Every change runs one at a time.
 */
@Injectable()
export class Herder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Herder.name);
  private readonly connectors = new Map<string, ConnectorRuntime>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Consecutive retriable failures per task (`<connector>-<id>`), for the auto-restart's backoff. */
  private readonly taskFailures = new Map<string, number>();
  private readonly restartTimers = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(CONNECTOR_PLUGINS) readonly plugins: readonly ConnectorPlugin[],
    private readonly store: ConfigStore,
    private readonly clients: KafkaClients,
    private readonly identity: WorkerIdentity,
    private readonly offsets: OffsetStore,
  ) {}

  /** Runs `work` after every change queued before it (the herder's single "tick" thread). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.ensureTopics();
    const stored = await this.store.readAll();
    for (const [name, { config, targetState }] of stored) {
      const runtime = this.runtime(name, config, targetState);
      this.connectors.set(name, runtime);
    }
    this.logger.log(`restored ${stored.size} connector(s) from ${this.config.configTopic}`);
    for (const file of this.config.connectorsFiles) await this.registerFile(file);
    for (const runtime of this.connectors.values())
      if (runtime.tasks.length === 0 && runtime.state === 'UNASSIGNED') await this.startConnector(runtime);
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.restartTimers) clearTimeout(timer);
    // Consumers stop first: no batch is left half-written when the clients close.
    await this.serial(async () => {
      await Promise.all([...this.connectors.values()].map((c) => this.stopConnector(c)));
    });
  }

  /** CONNECTORS_FILES: same body as POST /connectors; unchanged configs are left alone. */
  private async registerFile(file: string): Promise<void> {
    const fail = (reason: string): never => {
      throw new ConfigError(`CONNECTORS_FILES: ${file}: ${reason.replace(/\n/g, ' ')}`);
    };
    let body: unknown;
    try {
      body = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      return fail((error as Error).message);
    }
    try {
      const { name, config, initialState } = parseCreateRequest(body);
      const existing = this.connectors.get(name);
      if (existing && isDeepStrictEqual(existing.config, config)) {
        this.logger.log(`${file}: connector ${name} unchanged`);
        return;
      }
      await this.putConnectorConfig(name, config, true, initialState, false);
      this.logger.log(`${file}: connector ${name} ${existing ? 'updated' : 'created'}`);
    } catch (error) {
      fail((error as Error).message);
    }
  }

  private runtime(name: string, config: ConnectorConfig, targetState: TargetState): ConnectorRuntime {
    const runtime: ConnectorRuntime = {
      name,
      config,
      plugin: null,
      targetState,
      state: 'UNASSIGNED',
      trace: null,
      taskConfigs: [],
      tasks: [],
      instance: null,
    };
    try {
      runtime.plugin = resolvePlugin(this.plugins, config);
    } catch (error) {
      runtime.state = 'FAILED';
      runtime.trace = javaTrace(error);
    }
    return runtime;
  }

  private async startConnector(runtime: ConnectorRuntime): Promise<void> {
    if (!runtime.plugin) {
      try {
        runtime.plugin = resolvePlugin(this.plugins, runtime.config);
      } catch (error) {
        runtime.state = 'FAILED';
        runtime.trace = javaTrace(error);
        return;
      }
    }
    runtime.trace = null;
    if (runtime.targetState === 'STOPPED') {
      runtime.taskConfigs = [];
      runtime.state = 'STOPPED';
      return;
    }
    try {
      const plugin = runtime.plugin;
      if (plugin.createConnector) {
        runtime.instance = this.createConnectorInstance(runtime, plugin);
        await runtime.instance.start();
      }
      runtime.taskConfigs = this.computeTaskConfigs(runtime);
    } catch (error) {
      await this.stopInstance(runtime);
      runtime.state = 'FAILED';
      runtime.trace = javaTrace(error);
      return;
    }
    runtime.state = runtime.targetState === 'PAUSED' ? 'PAUSED' : 'RUNNING';
    runtime.tasks = runtime.taskConfigs.map((c, id) => this.createTask(runtime, id, c));
  }

  /** Worker.connectorTaskConfigs: each task config gets task.class and, for a sink, the connector's topics. */
  private computeTaskConfigs(runtime: ConnectorRuntime): ConnectorConfig[] {
    const plugin = runtime.plugin!;
    const { tasksMax } = frameworkSettings(runtime.config);
    const framework: ConnectorConfig = {};
    if (plugin.type === 'sink')
      for (const k of [TOPICS_CONFIG, TOPICS_REGEX_CONFIG]) if (runtime.config[k] !== undefined) framework[k] = runtime.config[k];
    const configs = runtime.instance ? runtime.instance.taskConfigs(tasksMax) : plugin.taskConfigs!(runtime.config, tasksMax);
    return configs.map((c) => ({ ...c, [TASK_CLASS_CONFIG]: plugin.taskClassName, ...framework }));
  }

  /** The plugin's connector instance, with a context whose requests are void once the instance is stopped or replaced. */
  private createConnectorInstance(runtime: ConnectorRuntime, plugin: ConnectorPlugin): ConnectorInstance {
    const logger = new Logger(`connector ${runtime.name}`);
    let instance: ConnectorInstance | null = null;
    const context: ConnectorContext = {
      connectorName: runtime.name,
      requestTaskReconfiguration: () =>
        void this.serial(async () => {
          if (instance !== null && runtime.instance === instance && this.connectors.get(runtime.name) === runtime)
            await this.reconfigure(runtime);
        }).catch((error: Error) => this.logger.error(`task reconfiguration of ${runtime.name} failed: ${error.message}`)),
      log: { info: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
    };
    instance = plugin.createConnector!(runtime.config, context);
    return instance;
  }

  /** ConnectorContext.requestTaskReconfiguration (Kafka's herder reconfigureConnector): new task configs restart the tasks. */
  private async reconfigure(runtime: ConnectorRuntime): Promise<void> {
    let configs: ConnectorConfig[];
    try {
      configs = this.computeTaskConfigs(runtime);
    } catch (error) {
      await this.stopConnector(runtime);
      runtime.state = 'FAILED';
      runtime.trace = javaTrace(error);
      return;
    }
    if (isDeepStrictEqual(configs, runtime.taskConfigs)) return;
    this.logger.log(`connector ${runtime.name}: new task configs, restarting its tasks`);
    await this.stopTasks(runtime);
    runtime.taskConfigs = configs;
    runtime.tasks = configs.map((c, id) => this.createTask(runtime, id, c));
  }

  private createTask(runtime: ConnectorRuntime, id: number, taskConfig: ConnectorConfig): WorkerTask {
    const plugin = runtime.plugin!;
    const task =
      plugin.type === 'source'
        ? new WorkerSourceTask(runtime.name, id, taskConfig, plugin, this.clients, this.offsets, this.config)
        : new WorkerSinkTask(runtime.name, id, taskConfig, plugin, this.clients, this.config);
    task.onFailed = (error) => this.maybeRestartFailed(runtime, task, error);
    void task.start(runtime.targetState === 'PAUSED');
    return task;
  }

  /**
   * CONNECT_TASK_RESTART_BACKOFF_MS (opt-in): a task FAILED because the database or the broker was
   * unreachable is restarted after a backoff that doubles per consecutive failure of that task, up to
   * 5 min. Kafka Connect leaves a FAILED task to POST …/restart (the course's cron job); this does it
   * for the retriable causes only, so a bad config or bad data still stops for a human.
   */
  private maybeRestartFailed(runtime: ConnectorRuntime, task: WorkerTask, error: unknown): void {
    const backoff = this.config.taskRestartBackoffMs;
    if (backoff === null || !isRetriableCause(error)) return;
    const key = `${runtime.name}-${task.id}`;
    const failures = (this.taskFailures.get(key) ?? 0) + 1;
    this.taskFailures.set(key, failures);
    const delayMs = Math.min(MAX_TASK_RESTART_BACKOFF_MS, backoff * 2 ** (failures - 1));
    this.logger.warn(`task ${key} FAILED on a retriable cause (failure ${failures} in a row); restarting it in ${delayMs} ms`);
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      void this.serial(async () => {
        // Still the same failed task of the same connector: nobody restarted, reconfigured or deleted it meanwhile.
        if (this.connectors.get(runtime.name) !== runtime || !runtime.tasks.includes(task) || task.state !== 'FAILED') return;
        await this.restartTaskNow(runtime, task.id);
        const restarted = runtime.tasks.find((t) => t.id === task.id);
        // A task that then runs for a minute is healthy again: its next failure starts the backoff over.
        setTimeout(() => {
          if (restarted?.state === 'RUNNING') this.taskFailures.delete(key);
        }, 60_000).unref();
      });
    }, delayMs);
    this.restartTimers.add(timer);
  }

  private async stopInstance(runtime: ConnectorRuntime): Promise<void> {
    const instance = runtime.instance;
    runtime.instance = null;
    await instance?.stop().catch((error: Error) => this.logger.error(`stopping connector ${runtime.name} failed: ${error.message}`));
  }

  /** The connector instance and its tasks. */
  private async stopConnector(runtime: ConnectorRuntime): Promise<void> {
    await this.stopInstance(runtime);
    await this.stopTasks(runtime);
  }

  private async stopTasks(runtime: ConnectorRuntime): Promise<void> {
    const tasks = runtime.tasks;
    runtime.tasks = [];
    await Promise.all(tasks.map((t) => t.stop()));
  }

  private get(name: string, message: string): ConnectorRuntime {
    const runtime = this.connectors.get(name);
    if (!runtime) throw notFound(message);
    return runtime;
  }

  // ---- reads ----

  connectorNames(): string[] {
    return [...this.connectors.keys()].sort();
  }

  connectorInfo(name: string): ConnectorInfo {
    return this.info(this.get(name, `Connector ${name} not found`));
  }

  private info(runtime: ConnectorRuntime): ConnectorInfo {
    return {
      name: runtime.name,
      config: { ...runtime.config },
      tasks: runtime.taskConfigs.map((_, task) => ({ connector: runtime.name, task })),
      type: runtime.plugin?.type ?? 'unknown',
    };
  }

  connectorConfig(name: string): ConnectorConfig {
    return { ...this.get(name, `Connector ${name} not found`).config };
  }

  status(name: string): StateInfo {
    return this.stateInfo(this.get(name, `No status found for connector ${name}`));
  }

  private stateInfo(runtime: ConnectorRuntime, restarting?: { connector: boolean; tasks: Set<number> }): StateInfo {
    const workerId = this.identity.workerId;
    const connector: StateInfo['connector'] = { state: restarting?.connector ? 'RESTARTING' : runtime.state, worker_id: workerId };
    if (runtime.trace && !restarting?.connector) connector.trace = runtime.trace;
    return {
      name: runtime.name,
      connector,
      tasks: runtime.tasks.map((t) => this.taskInfo(t, restarting?.tasks.has(t.id) ?? false)).sort((a, b) => a.id - b.id),
      type: runtime.plugin?.type ?? 'unknown',
    };
  }

  private taskInfo(task: WorkerTask, restarting = false): TaskStateInfo {
    const info: TaskStateInfo = { id: task.id, state: restarting ? 'RESTARTING' : task.state, worker_id: this.identity.workerId };
    if (task.trace && !restarting) info.trace = task.trace;
    return info;
  }

  taskConfigs(name: string): TaskInfo[] {
    const runtime = this.get(name, `Connector ${name} not found`);
    return runtime.taskConfigs.map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
  }

  /**
   * GET /connectors/{name}/offsets (KIP-875): a source connector's offsets from the offsets topic,
   * a sink connector's from its consumer group, in Kafka's shapes.
   */
  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    const runtime = this.get(name, `Connector ${name} not found`);
    if (runtime.plugin?.type === 'source') return { offsets: await this.offsets.connectorOffsets(name) };
    const admin = await this.clients.getAdmin();
    const groups = await admin.fetchOffsets({ groupId: `${this.config.groupPrefix}${name}` });
    return {
      offsets: groups.flatMap(({ topic, partitions }) =>
        partitions
          .filter((p) => p.offset !== '-1')
          .map((p) => ({ partition: { kafka_topic: topic, kafka_partition: p.partition }, offset: { kafka_offset: Number(p.offset) } })),
      ),
    };
  }

  taskStatus(name: string, id: number): TaskStateInfo {
    const task = this.connectors.get(name)?.tasks.find((t) => t.id === id);
    if (!task) throw notFound(`No status found for task ${name}-${id}`);
    return this.taskInfo(task);
  }

  validate(pluginName: string, config: ConnectorConfig): ConfigInfos {
    const full: ConnectorConfig = { ...config };
    const included = full['connector.class'];
    const requested = resolvePlugin(this.plugins, { 'connector.class': pluginName });
    if (included !== undefined) {
      const includedPlugin = (() => {
        try {
          return resolvePlugin(this.plugins, full);
        } catch {
          return null;
        }
      })();
      if (includedPlugin !== requested) throw badRequest(`Included connector type ${included} does not match request type ${pluginName}`);
    } else {
      full['connector.class'] = pluginName;
    }
    return validateConnectorConfig(this.plugins, full).infos;
  }

  // ---- writes ----

  /**
   * Create (allowReplace=false: 409 when it exists) or create-or-update. `config.name` must
   * equal `name` (the caller checks); returns whether it was created.
   */
  putConnectorConfig(
    name: string,
    config: ConnectorConfig,
    allowReplace: boolean,
    initialState: InitialState | null,
    queued = true,
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    const work = async () => {
      const existing = this.connectors.get(name);
      if (existing && !allowReplace) throw conflict(`Connector ${name} already exists`);
      const { infos } = validateConnectorConfig(this.plugins, config);
      if (infos.error_count > 0) throw badRequest(invalidConfigMessage(infos));
      if (existing) {
        await this.store.putConfig(name, config);
        await this.stopConnector(existing);
        existing.config = config;
        existing.plugin = null;
        existing.state = 'UNASSIGNED';
        await this.startConnector(existing);
        return { created: false, info: this.info(existing) };
      }
      const targetState: TargetState = initialState === 'PAUSED' ? 'PAUSED' : initialState === 'STOPPED' ? 'STOPPED' : 'STARTED';
      if (targetState !== 'STARTED') await this.store.putTargetState(name, targetState);
      await this.store.putConfig(name, config);
      const runtime = this.runtime(name, config, targetState);
      this.connectors.set(name, runtime);
      await this.startConnector(runtime);
      return { created: true, info: this.info(runtime) };
    };
    return queued ? this.serial(work) : work();
  }

  deleteConnector(name: string): Promise<void> {
    return this.serial(async () => {
      const runtime = this.get(name, `Connector ${name} not found`);
      await this.store.remove(name);
      this.connectors.delete(name);
      await this.stopConnector(runtime);
    });
  }

  pause(name: string): Promise<void> {
    return this.serial(async () => {
      const runtime = this.get(name, `Unknown connector ${name}`);
      await this.store.putTargetState(name, 'PAUSED');
      const wasStopped = runtime.targetState === 'STOPPED';
      runtime.targetState = 'PAUSED';
      if (wasStopped) return this.startConnector(runtime);
      if (runtime.state !== 'FAILED') runtime.state = 'PAUSED';
      for (const task of runtime.tasks) task.pause();
    });
  }

  resume(name: string): Promise<void> {
    return this.serial(async () => {
      const runtime = this.get(name, `Unknown connector ${name}`);
      await this.store.putTargetState(name, 'STARTED');
      const wasStopped = runtime.targetState === 'STOPPED';
      runtime.targetState = 'STARTED';
      if (wasStopped) return this.startConnector(runtime);
      if (runtime.state === 'PAUSED') runtime.state = 'RUNNING';
      for (const task of runtime.tasks) task.resume();
    });
  }

  stop(name: string): Promise<void> {
    return this.serial(async () => {
      const runtime = this.get(name, `Unknown connector ${name}`);
      await this.store.putTargetState(name, 'STOPPED');
      runtime.targetState = 'STOPPED';
      await this.stopConnector(runtime);
      runtime.taskConfigs = [];
      runtime.trace = null;
      runtime.state = 'STOPPED';
    });
  }

  /** POST /connectors/{n}/restart without parameters: the connector instance only. */
  restartConnector(name: string): Promise<void> {
    return this.serial(async () => {
      const runtime = this.get(name, `Unknown connector: ${name}`);
      // Only a FAILED connector (plugin missing, start or taskConfigs threw) is started again.
      if (runtime.state === 'FAILED') {
        await this.stopConnector(runtime);
        runtime.state = 'UNASSIGNED';
        await this.startConnector(runtime);
      }
    });
  }

  /** POST /connectors/{n}/restart?includeTasks&onlyFailed: answers the plan (RESTARTING), restarts in the background. */
  restartConnectorAndTasks(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<StateInfo> {
    return this.serial(async () => {
      const runtime = this.get(name, `Unknown connector: ${name}`);
      const connector = !onlyFailed || runtime.state === 'FAILED';
      const tasks = new Set(runtime.tasks.filter((t) => includeTasks && (!onlyFailed || t.state === 'FAILED')).map((t) => t.id));
      const plan = this.stateInfo(runtime, { connector, tasks });
      for (const task of runtime.tasks) if (tasks.has(task.id)) task.state = 'RESTARTING';
      void this.serial(async () => {
        if (this.connectors.get(name) !== runtime) return;
        if (connector && runtime.state === 'FAILED') {
          await this.stopConnector(runtime);
          runtime.state = 'UNASSIGNED';
          return this.startConnector(runtime);
        }
        for (const id of tasks) await this.restartTaskNow(runtime, id);
      }).catch((error: Error) => this.logger.error(`restart of ${name} failed: ${error.message}`));
      return plan;
    });
  }

  restartTask(name: string, id: number): Promise<void> {
    return this.serial(async () => {
      const runtime = this.get(name, `Unknown connector: ${name}`);
      if (!runtime.tasks.some((t) => t.id === id)) throw notFound(`Unknown task: ${name}-${id}`);
      await this.restartTaskNow(runtime, id);
    });
  }

  private async restartTaskNow(runtime: ConnectorRuntime, id: number): Promise<void> {
    const index = runtime.tasks.findIndex((t) => t.id === id);
    if (index < 0) return;
    const old = runtime.tasks[index];
    await old.stop();
    runtime.tasks[index] = this.createTask(runtime, id, runtime.taskConfigs[id] ?? old.taskConfig);
  }
}
