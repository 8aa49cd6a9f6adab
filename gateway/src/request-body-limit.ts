import type { IncomingMessage, ServerResponse } from 'node:http';

/** The JSON body of a 413 answer: a GraphQL-shaped error with code `INPUT_TOO_LARGE`. */
export function tooLargeBody(maxBytes: number): string {
  return JSON.stringify({
    errors: [{ message: `request body exceeds ${maxBytes} bytes`, extensions: { code: 'INPUT_TOO_LARGE', maxBytes } }],
  });
}

function refuse(res: ServerResponse, maxBytes: number): void {
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(tooLargeBody(maxBytes));
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
      req.resume();
      refuse(res, maxBytes);
      return null;
    }
    return undefined;
  }
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      refuse(res, maxBytes);
      req.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
