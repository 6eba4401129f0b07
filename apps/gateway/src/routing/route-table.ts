import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG } from '../config/config.module';
import type { GatewayConfig } from '../config/gateway-config';
import { UpstreamGroup } from './upstream-group';

export interface Route {
  /** Path prefixes as in the course's Spring Cloud Gateway predicates (`Path=/orders/**`). */
  prefixes: string[];
  upstreams: UpstreamGroup;
}

/**
 * The course's routes. Paths are forwarded unchanged (no StripPrefix / RewritePath): each
 * service serves both its own routes and the course's `/<service>/...` ones.
 */
@Injectable()
export class RouteTable {
  readonly routes: Route[];

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.routes = [
      { prefixes: ['/order-service', '/orders'], upstreams: new UpstreamGroup('orders-service', config.ordersUrls, config.downMs) },
      { prefixes: ['/catalog-service', '/catalogs'], upstreams: new UpstreamGroup('catalog-service', config.catalogUrls, config.downMs) },
    ];
  }

  /** The route whose prefix is the whole path or a whole leading segment of it (`/orders2` matches nothing). */
  match(pathname: string): Route | undefined {
    return this.routes.find((route) => route.prefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`)));
  }
}
