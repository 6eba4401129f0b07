import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogView, RejectionView, viewOfCatalog, viewOfRejection } from './catalog-views';
import { CatalogsService } from './catalogs.service';
import { RejectionsQuery } from './dto/rejections.query';

@ApiTags('catalogs')
@Controller('catalogs')
export class CatalogsController {
  constructor(private readonly catalogs: CatalogsService) {}

  @Get()
  @ApiOperation({ summary: 'Every product with its current stock' })
  @ApiOkResponse({ type: CatalogView, isArray: true })
  async list(): Promise<CatalogView[]> {
    return (await this.catalogs.findAll()).map(viewOfCatalog);
  }

  // Declared before ':productId' so that "rejections" is never taken for a product id.
  @Get('rejections')
  @ApiOperation({ summary: 'Stock events that were not applied (unknown product, not enough stock), newest first' })
  @ApiOkResponse({ type: RejectionView, isArray: true })
  async rejections(@Query() query: RejectionsQuery): Promise<RejectionView[]> {
    return (await this.catalogs.findRejections(query.limit)).map(viewOfRejection);
  }

  @Get(':productId')
  @ApiOperation({ summary: 'One product; 404 when unknown' })
  @ApiOkResponse({ type: CatalogView })
  async get(@Param('productId') productId: string): Promise<CatalogView> {
    const row = await this.catalogs.findOne(productId);
    if (!row) throw new NotFoundException(`Product ${productId} is not in the catalog`);
    return viewOfCatalog(row);
  }
}
