import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { WORKER_CONFIG } from '../config/config.module';
import type { WorkerConfig } from '../config/worker-config';

/**
 * worker_id = advertised host:port, as Connect prints it in statuses. Without
 * CONNECT_ADVERTISED_PORT the port is the one the REST server actually bound (so PORT=0 works).
 */
@Injectable()
export class WorkerIdentity {
  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get workerId(): string {
    return `${this.config.advertisedHost}:${this.config.advertisedPort ?? this.boundPort()}`;
  }

  private boundPort(): number {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as { address?: () => AddressInfo | string | null } | undefined;
    const address = server?.address?.();
    return address && typeof address === 'object' ? address.port : this.config.port;
  }
}
