// The rules a stock event must meet, in one place for the producer (which refuses to send a bad
// event) and the consumer (which dead-letters one). Every problem is listed, in words, because the
// result becomes the dead-letter reason header that a person will read.

import { maxLength } from 'class-validator';
import type { StockEvent } from './stock-event';
import { isJsonObject } from '../json/json-value';
import { ID_MAX_LENGTH, INT32_MAX } from '../limits';

export type StockEventCheck = { ok: true; event: StockEvent } | { ok: false; reason: string };

const ID_FIELDS = ['orderId', 'userId', 'productId'] as const;
const COUNT_FIELDS = ['qty', 'unitPrice', 'totalPrice'] as const;

export function checkStockEvent(candidate: unknown): StockEventCheck {
  if (!isJsonObject(candidate)) return invalid([`it must be a JSON object, but is ${kindOf(candidate)}`]);
  const valueOf = (name: string): unknown => (Object.hasOwn(candidate, name) ? candidate[name] : undefined);

  const problems = [
    ...ID_FIELDS.map((name) => idProblem(name, valueOf(name))),
    ...COUNT_FIELDS.map((name) => countProblem(name, valueOf(name))),
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) return invalid(problems);

  // Other keys are ignored, so a producer may add fields without breaking this consumer.
  const event: StockEvent = {
    orderId: valueOf('orderId') as string,
    userId: valueOf('userId') as string,
    productId: valueOf('productId') as string,
    qty: valueOf('qty') as number,
    unitPrice: valueOf('unitPrice') as number,
    totalPrice: valueOf('totalPrice') as number,
  };
  const product = event.qty * event.unitPrice;
  if (event.totalPrice !== product) {
    return invalid([`totalPrice must equal qty × unitPrice (${event.qty} × ${event.unitPrice} = ${product}), but is ${event.totalPrice}`]);
  }
  return { ok: true, event };
}

function idProblem(name: string, value: unknown): string | undefined {
  if (value === undefined) return `${name} is missing`;
  if (typeof value !== 'string') return `${name} must be a string, but is ${kindOf(value)}`;
  if (value.length === 0) return `${name} must not be empty`;
  // Counted as the HTTP DTOs count (class-validator), so whatever the API accepts passes here too.
  if (!maxLength(value, ID_MAX_LENGTH)) return `${name} must be at most ${ID_MAX_LENGTH} characters long, but has ${[...value].length}`;
  return undefined;
}

function countProblem(name: string, value: unknown): string | undefined {
  if (value === undefined) return `${name} is missing`;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${name} must be a whole number, but is ${kindOf(value)}`;
  if (value < 1) return `${name} must be at least 1, but is ${value}`;
  if (value > INT32_MAX) return `${name} must be at most ${INT32_MAX} (a 32-bit integer), but is ${value}`;
  return undefined;
}

function invalid(problems: string[]): StockEventCheck {
  return { ok: false, reason: `Invalid stock event: ${problems.join('; ')}.` };
}

/** "a string (\"5\")", "a number (1.5)", "null", "an array": for the reason sentence. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const preview = JSON.stringify(value);
  const shown = preview !== undefined && preview.length > 40 ? `${preview.slice(0, 40)}…` : preview;
  switch (typeof value) {
    case 'string':
      return `a string (${shown})`;
    case 'number':
      return `a number (${shown})`;
    case 'boolean':
      return `a boolean (${shown})`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}
