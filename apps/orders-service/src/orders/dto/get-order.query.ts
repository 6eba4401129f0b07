import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { MAX_WAIT_MS, parseWaitQuery } from '../waiting/wait-duration';

export class GetOrderQuery {
  /** In milliseconds once transformed; the query gives seconds (`5`, `5s`) or `500ms`. */
  @ApiPropertyOptional({
    type: String,
    example: '5s',
    description: `Wait up to this long (seconds: 5 or 5s; or 500ms; at most ${MAX_WAIT_MS / 1000}s) for catalog-service's decision, or for the order to reach the table; answers as soon as it is there`,
  })
  @IsOptional()
  @Transform(({ value }) => parseWaitQuery(value))
  @ValidateBy({
    name: 'isWait',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_WAIT_MS,
      defaultMessage: () => `wait must be a duration of at most ${MAX_WAIT_MS / 1000} seconds: 5, 5s or 500ms`,
    },
  })
  wait?: number;
}
