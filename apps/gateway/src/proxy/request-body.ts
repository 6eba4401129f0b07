import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';
import getRawBody from 'raw-body';

/** The largest request body the gateway buffers (it must keep a copy to retry on another instance). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

interface RawBodyError extends Error {
  type?: string;
  status?: number;
}

/**
 * Reads the whole request body, byte for byte (no decoding, no decompression), or undefined when
 * there is none. Over the limit → 413; a Content-Length already over it is refused before reading.
 */
export async function readRequestBody(req: Request): Promise<Buffer | undefined> {
  const length = req.headers['content-length'];
  if (length === undefined && req.headers['transfer-encoding'] === undefined) return undefined;
  try {
    const body = await getRawBody(req, { limit: BODY_LIMIT_BYTES, length });
    return body.length > 0 || length !== undefined ? body : undefined;
  } catch (error) {
    const { type, status, message } = error as RawBodyError;
    if (type === 'entity.too.large') {
      // Close the connection after the 413 instead of reading (and discarding) the rest first.
      req.res?.setHeader('connection', 'close');
      throw new PayloadTooLargeException(`The request body is larger than the ${BODY_LIMIT_BYTES} bytes the gateway accepts`);
    }
    if (status !== undefined && status >= 400 && status < 500) throw new BadRequestException(message);
    throw error;
  }
}
