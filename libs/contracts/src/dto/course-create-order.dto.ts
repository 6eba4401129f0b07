// Body of the course's route POST /order-service/{userId}/orders; the user id comes from the path.

import { IsEntityId } from './is-entity-id.decorator';
import { IsPositiveInt32 } from './is-positive-int32.decorator';
import { TotalPriceFitsInt32 } from './total-price-fits-int32.constraint';

export class CourseCreateOrderDto {
  @IsEntityId()
  productId!: string;

  @IsPositiveInt32()
  qty!: number;

  @IsPositiveInt32()
  @TotalPriceFitsInt32()
  unitPrice!: number;
}
