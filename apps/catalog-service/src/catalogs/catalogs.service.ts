import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CatalogEntity } from './catalog.entity';
import { ProcessedOrderEntity } from './processed-order.entity';

/** Reads of the catalog database (writes happen only in the stock consumer's ledger). */
@Injectable()
export class CatalogsService {
  constructor(
    @InjectRepository(CatalogEntity) private readonly catalogs: Repository<CatalogEntity>,
    @InjectRepository(ProcessedOrderEntity) private readonly processed: Repository<ProcessedOrderEntity>,
  ) {}

  findAll(): Promise<CatalogEntity[]> {
    return this.catalogs.find({ order: { productId: 'ASC' } });
  }

  findOne(productId: string): Promise<CatalogEntity | null> {
    return this.catalogs.findOneBy({ productId });
  }

  /** Newest first. */
  findRejections(limit: number): Promise<ProcessedOrderEntity[]> {
    return this.processed.find({ where: { outcome: 'rejected' }, order: { processedAt: 'DESC', orderId: 'DESC' }, take: limit });
  }
}
