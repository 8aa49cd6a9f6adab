import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import bodyParser from 'body-parser';

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

/** What body-parser reports on a refused body. */
interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
  readonly message?: string;
}

/**
 * Reads and parses a request's JSON body with body-parser (the parser express used here before): only
 * `application/json` bodies (others, and requests without a body, give `undefined`), `utf-*` charsets,
 * identity/gzip/deflate/br encodings, at most `maxBytes`, only an object or array at the top. Called as a plain
 * function, without the express router around it.
 */
function jsonBodyReader(maxBytes: number): (req: IncomingMessage, res: ServerResponse) => Promise<BodyOutcome> {
  const parse = bodyParser.json({ limit: maxBytes });
  return (req, res) =>
    new Promise((resolve) => {
      parse(req, res, (error?: unknown) => {
        if (!error) {
          resolve({ kind: 'body', body: (req as IncomingMessage & { body?: unknown }).body });
          return;
        }
        const e = error as BodyParserError;
        if (e.type === 'entity.too.large') resolve({ kind: 'too-large' });
        else resolve({ kind: 'refused', status: e.status ?? 400, message: e.message ?? 'bad request' });
      });
    });
}

/** Sends a small JSON answer (what express's `res.status(s).json(v)` sent). */
function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
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
 * A plain `node:http` request handler for the GraphQL endpoint: reads the JSON body (see {@link jsonBodyReader}),
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

  const readBody = jsonBodyReader(maxBodyBytes);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readBody(req, res);
    if (read.kind === 'too-large') {
      sendJson(res, 413, tooLarge);
      return;
    }
    if (read.kind === 'refused') {
      sendJson(res, read.status, { errors: [{ message: read.message, extensions: { code: 'BAD_REQUEST' } }] });
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
