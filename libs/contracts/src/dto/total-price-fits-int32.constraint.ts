// qty × unitPrice becomes total_price, a 32-bit integer column (Connect int32). Each factor may fit
// while their product does not, so the product is checked on its own; an order that passed would
// otherwise fail later, in the producer or the sink, after the client was told nothing useful.

import {
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { INT32_MAX } from '../limits';

export const TOTAL_PRICE_TOO_LARGE_MESSAGE = `qty × unitPrice must not exceed ${INT32_MAX} (the total_price column is a 32-bit integer)`;

@ValidatorConstraint({ name: 'totalPriceFitsInt32' })
export class TotalPriceFitsInt32Constraint implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const { qty, unitPrice } = args.object as { qty?: unknown; unitPrice?: unknown };
    // A factor that breaks its own rule (IsPositiveInt32) is reported there already; one message is enough.
    if (!isPositiveInt32(qty) || !isPositiveInt32(unitPrice)) return true;
    return qty * unitPrice <= INT32_MAX;
  }

  defaultMessage(): string {
    return TOTAL_PRICE_TOO_LARGE_MESSAGE;
  }
}

/** Put on the unitPrice property of a class that also has qty. */
export function TotalPriceFitsInt32(options?: ValidationOptions): PropertyDecorator {
  return Validate(TotalPriceFitsInt32Constraint, options);
}

function isPositiveInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= INT32_MAX;
}
