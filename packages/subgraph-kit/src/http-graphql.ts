import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';

/**
 * Whether a request goes to the GraphQL endpoint: `/graphql` or a path below it, in any letter case, whatever the
 * query string (the paths express matched when it mounted Apollo at `/graphql`).
 */
export function isGraphQLUrl(url: string | undefined): boolean {
  if (!url) return false;
  let end = url.length;
  for (let i = 0; i < url.length; i += 1) {
    const c = url.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  if (end < 8) return false;
  const head = url.slice(0, 8);
  if (head !== '/graphql' && head.toLowerCase() !== '/graphql') return false;
  return end === 8 || url.charCodeAt(8) === 47 /* / */;
}

/** The query string of a request URL with its `?` (empty without one), as `url.parse(...).search` gives it. */
function searchOf(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const hash = url.indexOf('#', q);
  return hash < 0 ? url.slice(q) : url.slice(q, hash);
}

/** A body to hand to Apollo (`undefined` when there is none to parse), or why the request is refused. */
type BodyOutcome =
  | { readonly kind: 'body'; readonly body: unknown }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'refused'; readonly status: number; readonly message: string };

const NO_BODY: BodyOutcome = { kind: 'body', body: undefined };

/** How much of a refused body is read and discarded before the connection is closed instead. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && !Number.isNaN(Number(length)));
}

/** The media type of a `Content-Type` value, lower-cased, and its `charset` parameter (lower-cased) if any. */
function mediaType(value: string): { type: string; charset: string | undefined } {
  const semicolon = value.indexOf(';');
  if (semicolon < 0) return { type: value.trim().toLowerCase(), charset: undefined };
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(value.slice(semicolon));
  const charset = match ? (match[1] ?? match[2] ?? '').toLowerCase() : undefined;
  return { type: value.slice(0, semicolon).trim().toLowerCase(), charset };
}

function decompressor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/**
 * Reads what is left of a refused body and throws it away, so that the client, still sending, gets the answer
 * rather than a reset connection. Resolves with whether the body ended (past {@link DISCARD_LIMIT_BYTES}, or when
 * the client goes away, it does not, and the connection is closed after the answer).
 */
function discard(req: IncomingMessage): Promise<boolean> {
  if (req.complete) {
    req.resume();
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ended: boolean): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
      resolve(ended);
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > DISCARD_LIMIT_BYTES) {
        req.pause();
        finish(false);
      }
    };
    const onEnd = (): void => finish(true);
    const onClose = (): void => finish(req.complete);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onClose);
    req.resume();
  });
}

/**
 * The JSON parse error of a body whose first non-blank character does not open an object or array, worded as
 * `JSON.parse` words it for that character (what express's JSON parser answered in strict mode).
 */
function strictError(text: string): string {
  let index = 0;
  while (index < text.length && ' \t\n\r'.includes(text.charAt(index))) index += 1;
  // Every character from the offending one on is masked so that JSON.parse stops exactly there, then unmasked.
  const masked = index < text.length ? text.slice(0, index) + '#'.repeat(text.length - index) : '';
  try {
    JSON.parse(masked);
    return 'strict violation';
  } catch (e) {
    return (e as Error).message.replace(/#+/g, (run) => text.slice(index, index + run.length));
  }
}

function parseJson(text: string): BodyOutcome {
  if (text.length === 0) return { kind: 'body', body: {} };
  const first = text.charCodeAt(0);
  if (first !== 123 /* { */ && first !== 91 /* [ */) {
    const trimmed = text.trimStart();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
      return { kind: 'refused', status: 400, message: strictError(text) };
    }
  }
  try {
    return { kind: 'body', body: JSON.parse(text) as unknown };
  } catch (e) {
    return { kind: 'refused', status: 400, message: (e as Error).message };
  }
}

function decode(bytes: Buffer, charset: string): string | null {
  if (charset === 'utf-8') {
    const text = bytes.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Reads and parses a request's JSON body as express's JSON parser did: only `application/json` bodies (others,
 * and requests without a body, give `undefined`), `utf-*` charsets, identity/gzip/deflate/br encodings, at most
 * `maxBytes` (decompressed) bytes — refused at once when `Content-Length` says more, or as soon as a chunked body
 * passes it — and only an object or array at the top (an empty body is `{}`).
 */
async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyOutcome> {
  if (!hasBody(req)) return NO_BODY;
  const contentType = req.headers['content-type'];
  if (!contentType) return NO_BODY;
  const { type, charset = 'utf-8' } = mediaType(contentType);
  if (type !== 'application/json') return NO_BODY;
  if (!charset.startsWith('utf-')) {
    return { kind: 'refused', status: 415, message: `unsupported charset "${charset.toUpperCase()}"` };
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let source: Readable = req;
  let inflate: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null = null;
  if (encoding === 'identity') {
    const declared = Number(req.headers['content-length']);
    if (declared > maxBytes) return { kind: 'too-large' };
  } else {
    inflate = decompressor(encoding);
    if (!inflate) return { kind: 'refused', status: 415, message: `unsupported content encoding "${encoding}"` };
    source = req.pipe(inflate);
  }
  const outcome = await new Promise<Buffer | BodyOutcome>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | BodyOutcome): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      req.off('close', onClose);
      if (inflate) {
        req.unpipe(inflate);
        inflate.on('error', () => undefined);
        inflate.destroy();
      }
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) finish({ kind: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    const onError = (e: Error): void => finish({ kind: 'refused', status: 400, message: e.message });
    const onClose = (): void => {
      if (!req.complete) finish({ kind: 'refused', status: 400, message: 'request aborted' });
    };
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
    req.once('close', onClose);
  });
  if (!Buffer.isBuffer(outcome)) return outcome;
  if (inflate) req.resume();
  const text = decode(outcome, charset);
  if (text === null) {
    return { kind: 'refused', status: 415, message: `unsupported charset "${charset.toUpperCase()}"` };
  }
  return parseJson(text);
}

/** Sends a small JSON answer (what express's `res.status(s).json(v)` sent). */
function sendJson(res: ServerResponse, status: number, value: unknown, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  if (close) res.setHeader('connection', 'close');
  res.end(body);
}

/** Waits until `res` can take more data, or has closed (then answers false). */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    // As express's `res.send` did: text is sent as UTF-8 and says so; the length is set for HEAD answers too.
    const type = res.getHeader('content-type');
    if (typeof type === 'string' && !/;\s*charset=/i.test(type))
      res.setHeader('content-type', `${type}; charset=utf-8`);
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) {
    if (res.destroyed) break;
    if (!res.write(chunk) && !(await drained(res))) break;
  }
  res.end();
}

/** What {@link graphQLHttpHandler} needs. */
export interface GraphQLHttpOptions<C extends BaseContext> {
  /** A started Apollo Server. */
  readonly apollo: ApolloServer<C>;
  /** The largest JSON body accepted; larger ones get HTTP 413 `INPUT_TOO_LARGE`. */
  readonly maxBodyBytes: number;
  /** The request's context (throwing refuses the request as Apollo Server answers context errors). */
  readonly context: (req: IncomingMessage) => Promise<C>;
  /** Told about failures the client cannot be answered about normally. */
  readonly onError: (error: unknown) => void;
}

/**
 * A plain `node:http` request handler for the GraphQL endpoint: reads the JSON body (see {@link readJsonBody}),
 * hands the request to `apollo.executeHTTPGraphQLRequest` (which also serves GET, the landing page and CSRF
 * prevention) and writes its answer. No router, body-parser or content negotiation middleware runs per request.
 *
 * @example
 * ```ts
 * const graphql = graphQLHttpHandler({ apollo, maxBodyBytes: 1 << 20, context: async () => ({}), onError });
 * http.createServer((req, res) => (isGraphQLUrl(req.url) ? graphql(req, res) : app(req, res)));
 * ```
 */
export function graphQLHttpHandler<C extends BaseContext>(
  options: GraphQLHttpOptions<C>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { apollo, maxBodyBytes } = options;
  const tooLarge = {
    errors: [
      {
        message: `request body exceeds ${maxBodyBytes} bytes`,
        extensions: { code: 'INPUT_TOO_LARGE', limit: maxBodyBytes },
      },
    ],
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJsonBody(req, maxBodyBytes);
    if (read.kind === 'too-large') {
      const ended = await discard(req);
      sendJson(res, 413, tooLarge, !ended);
      return;
    }
    if (read.kind === 'refused') {
      const ended = read.status === 415 ? true : await discard(req);
      sendJson(res, read.status, { errors: [{ message: read.message, extensions: { code: 'BAD_REQUEST' } }] }, !ended);
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: searchOf(url),
        body: read.body,
      },
      context: () => options.context(req),
    });
    await writeResponse(res, response);
  }

  return (req, res) => {
    serve(req, res).catch((e: unknown) => {
      options.onError(e);
      if (res.headersSent) res.destroy();
      else
        sendJson(res, 500, {
          errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
    });
  };
}
