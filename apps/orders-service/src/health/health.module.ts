import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PublishingModule } from '../publishing/publishing.module';
import { HealthController } from './health.controller';
import { KafkaHealthIndicator } from './kafka.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), PublishingModule],
  controllers: [HealthController],
  providers: [KafkaHealthIndicator],
})
export class HealthModule {}
