import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { OrderPublisher } from '../publishing/order-publisher';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly publisher: OrderPublisher,
  ) {}

  async isHealthy(key = 'kafka') {
    const indicator = this.health.check(key);
    return (await this.publisher.isReachable()) ? indicator.up() : indicator.down({ message: 'the Kafka cluster cannot be reached' });
  }
}
