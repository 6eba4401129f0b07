import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogEntity } from './catalog.entity';
import { CatalogsController } from './catalogs.controller';
import { CatalogsService } from './catalogs.service';
import { CourseCatalogsController } from './course-catalogs.controller';
import { ProcessedOrderEntity } from './processed-order.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CatalogEntity, ProcessedOrderEntity])],
  controllers: [CatalogsController, CourseCatalogsController],
  providers: [CatalogsService],
})
export class CatalogsModule {}
