import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'restify';
import type { FileReply, Reply } from './route';

/** Headers for a file the browser saves rather than shows; the name is ASCII so every browser keeps it. */
export function attachmentHeaders(contentType: string, filename: string): Record<string, string> {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-');
  return {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${safe}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

const isFileReply = (reply: Reply): reply is FileReply => 'stream' in reply || 'buffer' in reply;

/** Writes a handler's reply: JSON through restify, a file as it is (streamed when it is a stream). */
export async function writeReply(res: Response, reply: Reply): Promise<void> {
  if (!isFileReply(reply)) {
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.header(name, value);
    if (reply.body === undefined) res.send(reply.status);
    else res.send(reply.status, reply.body);
    return;
  }
  const type = reply.filename
    ? attachmentHeaders(reply.contentType, reply.filename)
    : { 'content-type': reply.contentType };
  res.writeHead(reply.status, { ...type, ...reply.headers });
  if ('buffer' in reply) {
    res.end(reply.buffer);
    return;
  }
  await pipeline(reply.stream, res).catch(abandon(res));
}

/**
 * Once the headers are out an error can no longer become an error response: the connection is cut
 * instead, so the browser reports a failed download rather than saving half a file as if complete.
 */
const abandon =
  (res: ServerResponse) =>
  (error: unknown): void => {
    if (!res.headersSent) throw error;
    res.destroy();
  };
