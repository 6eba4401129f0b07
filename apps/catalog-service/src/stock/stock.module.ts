import { Module } from '@nestjs/common';
import { StockConsumer } from './stock-consumer';
import { StockLedger } from './stock-ledger';

@Module({ providers: [StockLedger, StockConsumer], exports: [StockConsumer] })
export class StockModule {}
