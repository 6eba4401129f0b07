// Body of the course's route POST /order-service/{userId}/orders; the user id comes from the path.
// The @ApiProperty lines only describe the body in the services' OpenAPI documents.

import { ApiProperty } from '@nestjs/swagger';
import { ID_MAX_LENGTH, INT32_MAX } from '../limits';
import { IsEntityId } from './is-entity-id.decorator';
import { IsPositiveInt32 } from './is-positive-int32.decorator';
import { TotalPriceFitsInt32 } from './total-price-fits-int32.constraint';

export class CourseCreateOrderDto {
  @ApiProperty({ example: 'CATALOG-001', minLength: 1, maxLength: ID_MAX_LENGTH })
  @IsEntityId()
  productId!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: INT32_MAX, type: 'integer' })
  @IsPositiveInt32()
  qty!: number;

  @ApiProperty({ example: 1500, minimum: 1, maximum: INT32_MAX, type: 'integer', description: 'qty × unitPrice must fit a 32-bit integer' })
  @IsPositiveInt32()
  @TotalPriceFitsInt32()
  unitPrice!: number;
}
