import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ORDER_STATUSES, type OrderStatus } from '@kafka-sync/contracts';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class ListOrdersQuery {
  @ApiPropertyOptional({ description: "Only this user's orders", maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  userId?: string;

  @ApiPropertyOptional({ description: 'Only the orders with this status', enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES, { message: `status must be one of ${ORDER_STATUSES.join(', ')} (got "$value")` })
  status?: OrderStatus;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize = 20;
}
