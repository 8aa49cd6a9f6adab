import type { IncomingMessage, ServerResponse } from 'node:http';

/** The JSON body of a 413 answer: a GraphQL-shaped error with code `INPUT_TOO_LARGE`. */
export function tooLargeBody(maxBytes: number): string {
  return JSON.stringify({
    errors: [{ message: `request body exceeds ${maxBytes} bytes`, extensions: { code: 'INPUT_TOO_LARGE', maxBytes } }],
  });
}

/** How much of a refused body is read and discarded (so the client sees the 413 rather than a broken pipe). */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Answers 413 and discards the rest of the body: a client still sending gets the answer instead of a reset
 * connection. A body that goes on past {@link DRAIN_LIMIT_BYTES} is cut off.
 */
function refuse(req: IncomingMessage, res: ServerResponse, maxBytes: number, alreadyRead = 0): void {
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  let drained = alreadyRead;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) req.destroy();
  });
  req.on('end', () => res.end(tooLargeBody(maxBytes)));
  req.on('error', () => res.destroy());
  req.resume();
}

/**
 * Enforces the request body limit before GraphQL sees the request: a declared `Content-Length` over the limit is
 * refused at once; a body without one (chunked) is read up to the limit and refused as soon as it passes it.
 * Returns `undefined` when the request may go on untouched (its body still unread), the buffered body for a
 * chunked request, or `null` when it was refused (HTTP 413, `INPUT_TOO_LARGE`).
 *
 * @example
 * ```ts
 * const body = await limitRequestBody(req, res, 4 * 1024 * 1024);
 * if (body === null) return;
 * ```
 */
export async function limitRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<Buffer | undefined | null> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > maxBytes) {
      refuse(req, res, maxBytes);
      return null;
    }
    return undefined;
  }
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        refuse(req, res, maxBytes, size);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.once('error', reject);
  });
}
