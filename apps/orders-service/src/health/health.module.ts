import { ServiceHealthModule } from '@kafka-sync/service-kit';
import { PublishingModule } from '../publishing/publishing.module';
import { KafkaHealthIndicator } from './kafka.health';

/** /health and /health/ready; Kafka is ready when the order publisher reaches the cluster. */
export const HealthModule = ServiceHealthModule.forService({ imports: [PublishingModule], kafkaIndicator: KafkaHealthIndicator });
