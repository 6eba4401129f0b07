import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { StockConsumer } from '../stock/stock-consumer';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly consumer: StockConsumer,
  ) {}

  /** Up when the cluster answers and the stock consumer is in its group. */
  async isHealthy(key = 'kafka') {
    const indicator = this.health.check(key);
    if (!(await this.consumer.isReachable())) return indicator.down({ message: 'the Kafka cluster cannot be reached' });
    const state = this.consumer.state();
    return state.ok ? indicator.up({ consumer: state.detail }) : indicator.down({ message: state.detail });
  }
}
