import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { stringifyJson } from '@kafka-sync/contracts';
import { Herder, type ConnectorInfo, type StateInfo } from '../herder/herder';
import { namedConfig, parseCreateRequest } from './connector-request';
import { notFound } from './rest-error';

function taskId(raw: string): number {
  // Connect's {task} is an Integer path parameter: anything else matches no route.
  if (!/^\d+$/.test(raw)) throw notFound('HTTP 404 Not Found');
  return Number(raw);
}

function flag(value: string | undefined): boolean {
  return (value ?? '').toLowerCase() === 'true';
}

/** Connect's ConnectorsResource. */
@Controller('connectors')
export class ConnectorsController {
  constructor(private readonly herder: Herder) {}

  @Get()
  list(@Query('expand') expand?: string | string[]): string[] | Record<string, { status?: StateInfo; info?: ConnectorInfo }> {
    const names = this.herder.connectorNames();
    const expansions = expand === undefined ? [] : Array.isArray(expand) ? expand : [expand];
    if (expansions.length === 0) return names;
    const out: Record<string, { status?: StateInfo; info?: ConnectorInfo }> = {};
    for (const name of names) {
      const entry: { status?: StateInfo; info?: ConnectorInfo } = {};
      for (const expansion of expansions) {
        if (expansion.toLowerCase() === 'status') entry.status = this.herder.status(name);
        else if (expansion.toLowerCase() === 'info') entry.info = this.herder.connectorInfo(name);
      }
      out[name] = entry;
    }
    return out;
  }

  @Post()
  async create(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<ConnectorInfo> {
    const { name, config, initialState } = parseCreateRequest(body);
    const { info } = await this.herder.putConnectorConfig(name, config, false, initialState);
    res.status(201).location(`/connectors/${encodeURIComponent(name)}`);
    return info;
  }

  @Get(':name')
  info(@Param('name') name: string): ConnectorInfo {
    return this.herder.connectorInfo(name);
  }

  @Get(':name/config')
  config(@Param('name') name: string): Record<string, string> {
    return this.herder.connectorConfig(name);
  }

  @Put(':name/config')
  async putConfig(@Param('name') name: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<ConnectorInfo> {
    const config = namedConfig(body ?? {}, name);
    const { created, info } = await this.herder.putConnectorConfig(name, config, true, null);
    if (created) res.status(201).location(`/connectors/${encodeURIComponent(name)}`);
    else res.status(200);
    return info;
  }

  @Get(':name/status')
  status(@Param('name') name: string): StateInfo {
    return this.herder.status(name);
  }

  /** Written with the exact JSON codec: a source offset may hold an int64 beyond 2^53. */
  @Get(':name/offsets')
  async offsets(@Param('name') name: string, @Res() res: Response): Promise<void> {
    res.type('application/json').send(stringifyJson(await this.herder.connectorOffsets(name)));
  }

  @Get(':name/tasks')
  tasks(@Param('name') name: string) {
    return this.herder.taskConfigs(name);
  }

  @Get(':name/tasks/:task/status')
  taskStatus(@Param('name') name: string, @Param('task') task: string) {
    return this.herder.taskStatus(name, taskId(task));
  }

  @Post(':name/tasks/:task/restart')
  @HttpCode(204)
  async restartTask(@Param('name') name: string, @Param('task') task: string): Promise<void> {
    await this.herder.restartTask(name, taskId(task));
  }

  @Put(':name/pause')
  @HttpCode(202)
  async pause(@Param('name') name: string): Promise<void> {
    await this.herder.pause(name);
  }

  @Put(':name/resume')
  @HttpCode(202)
  async resume(@Param('name') name: string): Promise<void> {
    await this.herder.resume(name);
  }

  @Put(':name/stop')
  @HttpCode(204)
  async stop(@Param('name') name: string): Promise<void> {
    await this.herder.stop(name);
  }

  @Post(':name/restart')
  async restart(
    @Param('name') name: string,
    @Res({ passthrough: true }) res: Response,
    @Query('includeTasks') includeTasks?: string,
    @Query('onlyFailed') onlyFailed?: string,
  ): Promise<StateInfo | undefined> {
    if (!flag(includeTasks) && !flag(onlyFailed)) {
      await this.herder.restartConnector(name);
      res.status(204);
      return undefined;
    }
    res.status(202);
    return this.herder.restartConnectorAndTasks(name, flag(includeTasks), flag(onlyFailed));
  }

  @Delete(':name')
  @HttpCode(204)
  async remove(@Param('name') name: string): Promise<void> {
    await this.herder.deleteConnector(name);
  }
}
