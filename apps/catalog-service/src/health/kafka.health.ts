import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { StockEventsServer } from '../stock/stock-events.server';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly stockEvents: StockEventsServer,
  ) {}

  /** Up when the cluster answers and the stock events' consumer is in its group. */
  async isHealthy(key = 'kafka') {
    const indicator = this.health.check(key);
    if (!(await this.stockEvents.isReachable())) return indicator.down({ message: 'the Kafka cluster cannot be reached' });
    const state = this.stockEvents.state();
    return state.ok ? indicator.up({ consumer: state.detail }) : indicator.down({ message: state.detail });
  }
}
