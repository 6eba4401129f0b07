import { Controller, Get } from '@nestjs/common';
import { KafkaClients } from '../worker/kafka-clients';
import { CONNECT_COMMIT, CONNECT_VERSION } from './version';

/** Connect's RootResource: GET / → {"version","commit","kafka_cluster_id"}. */
@Controller()
export class RootController {
  constructor(private readonly clients: KafkaClients) {}

  @Get()
  async serverInfo(): Promise<{ version: string; commit: string; kafka_cluster_id: string }> {
    return { version: CONNECT_VERSION, commit: CONNECT_COMMIT, kafka_cluster_id: await this.clients.clusterId() };
  }
}
