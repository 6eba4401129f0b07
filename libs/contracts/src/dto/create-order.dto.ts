// Body of a create-order request that names its user itself: the course's body plus userId.

import { CourseCreateOrderDto } from './course-create-order.dto';
import { IsEntityId } from './is-entity-id.decorator';

export class CreateOrderDto extends CourseCreateOrderDto {
  @IsEntityId()
  userId!: string;
}
