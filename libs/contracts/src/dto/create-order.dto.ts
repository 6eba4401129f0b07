// Body of a create-order request that names its user itself: the course's body plus userId.

import { ApiProperty } from '@nestjs/swagger';
import { ID_MAX_LENGTH } from '../limits';
import { CourseCreateOrderDto } from './course-create-order.dto';
import { IsEntityId } from './is-entity-id.decorator';

export class CreateOrderDto extends CourseCreateOrderDto {
  @ApiProperty({ example: 'user-1', minLength: 1, maxLength: ID_MAX_LENGTH })
  @IsEntityId()
  userId!: string;
}
