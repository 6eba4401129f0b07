import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaClients } from '../worker/kafka-clients';

/** Our stack's health endpoints (Connect itself has none). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly clients: KafkaClients,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: the Kafka cluster answers (503 otherwise). */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('kafka');
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 2000)));
        const ok = await Promise.race([
          this.clients.clusterId().then(
            () => true,
            () => false,
          ),
          timeout,
        ]);
        clearTimeout(timer);
        return ok ? indicator.up() : indicator.down({ message: 'the Kafka cluster cannot be reached' });
      },
    ]);
  }
}
