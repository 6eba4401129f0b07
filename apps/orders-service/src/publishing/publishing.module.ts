import { Module } from '@nestjs/common';
import { OrderPublisher } from './order-publisher';

@Module({ providers: [OrderPublisher], exports: [OrderPublisher] })
export class PublishingModule {}
