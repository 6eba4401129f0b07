import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { Herder } from '../herder/herder';
import { TRANSFORMS } from '../transforms';
import { CONVERTER_CLASSES, STRING_CONVERTER } from '../worker/converters';
import { toStringMap } from './connector-request';
import { CONNECT_VERSION } from './version';

interface PluginInfo {
  class: string;
  type: string;
  version: string;
}

/** Connect's ConnectorPluginsResource. */
@Controller('connector-plugins')
export class ConnectorPluginsController {
  constructor(private readonly herder: Herder) {}

  @Get()
  list(@Query('connectorsOnly') connectorsOnly?: string): PluginInfo[] {
    const connectors = this.herder.plugins
      .map((p) => ({ class: p.className, type: p.type, version: p.version }))
      .sort((a, b) => a.class.localeCompare(b.class));
    if ((connectorsOnly ?? 'true').toLowerCase() !== 'false') return connectors;
    return [
      ...connectors,
      ...CONVERTER_CLASSES.map((c) => ({ class: c, type: 'converter', version: CONNECT_VERSION })),
      { class: STRING_CONVERTER, type: 'header_converter', version: CONNECT_VERSION },
      ...TRANSFORMS.map((t) => ({ class: t.className, type: 'transformation', version: CONNECT_VERSION })),
    ];
  }

  @Put(':plugin/config/validate')
  validate(@Param('plugin') plugin: string, @Body() body: unknown) {
    return this.herder.validate(plugin, toStringMap(body ?? {}));
  }
}
