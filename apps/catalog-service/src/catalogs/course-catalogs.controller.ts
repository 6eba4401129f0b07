import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogView, viewOfCatalog } from './catalog-views';
import { CatalogsService } from './catalogs.service';

/** The course's route, unchanged, so its gateway path (/catalog-service/**) works as it did. */
@ApiTags('course routes')
@Controller('catalog-service/catalogs')
export class CourseCatalogsController {
  constructor(private readonly catalogs: CatalogsService) {}

  @Get()
  @ApiOperation({ summary: "The course's GET: every product as a JSON array" })
  @ApiOkResponse({ type: CatalogView, isArray: true })
  async list(): Promise<CatalogView[]> {
    return (await this.catalogs.findAll()).map(viewOfCatalog);
  }
}
