import { Module } from '@nestjs/common';
import { StockApplier } from './stock-applier';
import { StockEventsController } from './stock-events.controller';
import { StockEventsServer } from './stock-events.server';
import { StockLedger } from './stock-ledger';

/** The stock events: their transport (connected in app.ts), their handler, and the only writer of stock. */
@Module({ controllers: [StockEventsController], providers: [StockLedger, StockApplier, StockEventsServer], exports: [StockEventsServer] })
export class StockModule {}
