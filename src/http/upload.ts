import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { AppError } from '../errors';

/** A request whose body has not been read yet (its route reads its own body). */
export type UploadRequest = Readable & { readonly headers: IncomingHttpHeaders };

/**
 * Reads a raw request body of at most `maxBytes`. A larger one is refused as soon as its declared
 * length (or the bytes received) say so; the rest is drained, not kept, so the answer still arrives.
 */
export function readUpload(req: UploadRequest, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= maxBytes) chunks.push(chunk);
      else {
        req.off('data', onData);
        req.resume();
        reject(tooLarge());
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', () => reject(new AppError('bad_request', 'The upload was interrupted. Try again.')));
    req.once('aborted', () => reject(new AppError('bad_request', 'The upload was interrupted. Try again.')));
  });
}
