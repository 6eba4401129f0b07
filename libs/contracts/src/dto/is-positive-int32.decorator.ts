// Quantities and prices: whole numbers from 1 to INT32_MAX (INT columns, Connect int32). A string
// such as "5" is refused, not converted: the ValidationPipe runs without implicit conversion.
// One validator with one message per case, so "5" is "not an integer" and not also "less than 1".

import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { INT32_MAX } from '../limits';

export function IsPositiveInt32(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPositiveInt32',
      constraints: [1, INT32_MAX],
      validator: {
        validate: (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= INT32_MAX,
        // class-validator's own wording for IsInt, Min and Max.
        defaultMessage: ({ value }: ValidationArguments) => {
          if (!Number.isInteger(value)) return '$property must be an integer number';
          if ((value as number) < 1) return '$property must not be less than $constraint1';
          return '$property must not be greater than $constraint2';
        },
      },
    },
    options,
  );
}
