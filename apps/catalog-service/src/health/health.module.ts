import { ServiceHealthModule } from '@kafka-sync/service-kit';
import { StockModule } from '../stock/stock.module';
import { KafkaHealthIndicator } from './kafka.health';

/** /health and /health/ready; Kafka is ready when the cluster answers and the stock events' consumer is in its group. */
export const HealthModule = ServiceHealthModule.forService({ imports: [StockModule], kafkaIndicator: KafkaHealthIndicator });
