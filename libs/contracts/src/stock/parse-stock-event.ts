// Record value bytes from "example-catalog-topic" → a StockEvent, or the reason it is not one.
// Never throws: catalog-service sends anything unreadable to the dead-letter topic with the reason
// as a header and carries on with the partition.

import { checkStockEvent, type StockEventCheck } from './check-stock-event';
import { readJson, type JsonInput } from '../json/read-json';

export type StockEventParseResult = StockEventCheck;

export function parseStockEvent(value: JsonInput | null | undefined): StockEventParseResult {
  try {
    if (value === null || value === undefined) {
      return { ok: false, reason: 'Invalid stock event: the record has no value (a tombstone), but a stock event is a JSON object.' };
    }
    const read = readJson(value);
    if (!read.ok) return { ok: false, reason: `Invalid stock event: the value is not valid JSON (${read.error}).` };
    return checkStockEvent(read.json);
  } catch (error) {
    // Belt and braces: nothing above should throw, but a consumer loop must never see an exception from here.
    return { ok: false, reason: `Invalid stock event: it could not be read (${String(error)}).` };
  }
}
