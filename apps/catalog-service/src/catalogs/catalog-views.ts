import { ApiProperty } from '@nestjs/swagger';
import type { CatalogEntity } from './catalog.entity';
import type { ProcessedOrderEntity } from './processed-order.entity';

/** What the API returns for a product (the course's ResponseCatalog). */
export class CatalogView {
  @ApiProperty({ example: 'CATALOG-001' }) productId!: string;
  @ApiProperty({ example: 'Berlin' }) productName!: string;
  @ApiProperty({ example: 100, minimum: 0 }) stock!: number;
  @ApiProperty({ example: 1500 }) unitPrice!: number;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) createdAt!: string;
}

/** A stock event that was not applied, and why. */
export class RejectionView {
  @ApiProperty() orderId!: string;
  @ApiProperty() productId!: string;
  @ApiProperty() qty!: number;
  @ApiProperty({ example: 'not enough stock: 3 left, 5 ordered' }) reason!: string;
  @ApiProperty() processedAt!: string;
}

export function viewOfCatalog(row: CatalogEntity): CatalogView {
  return {
    productId: row.productId,
    productName: row.productName,
    stock: row.stock,
    unitPrice: row.unitPrice,
    createdAt: row.createdAt.toISOString(),
  };
}

export function viewOfRejection(row: ProcessedOrderEntity): RejectionView {
  return {
    orderId: row.orderId,
    productId: row.productId,
    qty: row.qty,
    reason: row.reason ?? '',
    processedAt: row.processedAt.toISOString(),
  };
}
