// GET /health (liveness) and GET /health/ready (readiness) for the services that own a MariaDB
// database and talk to Kafka. Each service brings its own Kafka indicator: what "Kafka is fine"
// means differs (the orders producer reaches the cluster; the stock consumer is also in its group).

import { Controller, Get, Inject, Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TerminusModule, TypeOrmHealthIndicator, type HealthIndicatorResult } from '@nestjs/terminus';

export interface KafkaHealth {
  isHealthy(): Promise<HealthIndicatorResult>;
}

const KAFKA_HEALTH = Symbol('KAFKA_HEALTH');

@ApiTags('health')
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(KAFKA_HEALTH) private readonly kafka: KafkaHealth,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: MariaDB reachable and the service's Kafka indicator up (503 otherwise). */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.kafka.isHealthy()]);
  }
}

@Module({})
export class ServiceHealthModule {
  /** `imports`: the modules the Kafka indicator's own dependencies come from. */
  static forService(options: { imports: NonNullable<ModuleMetadata['imports']>; kafkaIndicator: Type<KafkaHealth> }): DynamicModule {
    return {
      module: ServiceHealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...options.imports],
      controllers: [HealthController],
      providers: [options.kafkaIndicator, { provide: KAFKA_HEALTH, useExisting: options.kafkaIndicator }],
    };
  }
}
