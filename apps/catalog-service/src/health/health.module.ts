import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { StockModule } from '../stock/stock.module';
import { HealthController } from './health.controller';
import { KafkaHealthIndicator } from './kafka.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), StockModule],
  controllers: [HealthController],
  providers: [KafkaHealthIndicator],
})
export class HealthModule {}
