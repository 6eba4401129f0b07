import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a handler's error to KafkaBatchServer as it was thrown. Nest's default RPC filter would
 * log it and replace it with `{ status: 'error', message: 'Internal server error' }`; with this
 * one (`@UseFilters(KafkaBatchErrorFilter)` on the controller) the batch fails uncommitted with
 * the real error, and kafkajs's retry and crash logs name the real cause.
 */
@Catch()
export class KafkaBatchErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
