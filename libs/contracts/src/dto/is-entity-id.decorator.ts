// The one rule for order, user and product ids in request bodies: a non-empty string of at most
// ID_MAX_LENGTH characters (ids become indexed database columns and Kafka record keys).
// One validator with one message per case: stacking IsString, IsNotEmpty and MaxLength would
// answer a number with "must be a string" and "must be shorter than … characters" at once.

import { isString, maxLength, ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { ID_MAX_LENGTH } from '../limits';

export function IsEntityId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEntityId',
      constraints: [ID_MAX_LENGTH],
      validator: {
        validate: (value: unknown) => isString(value) && value.length > 0 && maxLength(value, ID_MAX_LENGTH),
        // class-validator's own wording for each case.
        defaultMessage: ({ value }: ValidationArguments) => {
          if (!isString(value)) return '$property must be a string';
          if (value.length === 0) return '$property should not be empty';
          return '$property must be shorter than or equal to $constraint1 characters';
        },
      },
    },
    options,
  );
}
