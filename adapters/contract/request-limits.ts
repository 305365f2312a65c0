import { randomUUID } from 'node:crypto';
import { type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RequestInvalidError, RequestTooLargeError } from './coded-error.ts';
import { JsonLimitError, JsonShapeScanner } from './json-shape.ts';
import type { EdgeErrorCode, Problem } from './problem.ts';

/** What a listener takes in from one request, before any route sees it. */
export interface RequestLimits {
  /** Bytes of a request body, declared in content-length or sent chunked. */
  readonly bodyBytes: number;
  /** Objects and arrays nested in one another in a body; the outermost is level 1. */
  readonly jsonDepth: number;
  /** Bytes of the request line and headers together (Node's `maxHeaderSize`). */
  readonly headerBytes: number;
}

/**
 * Bounds every request body before anything reads it in full or parses it. A body
 * declared longer than `bodyBytes` is refused at once; a chunked one as soon as it grows
 * past it: REQUEST_TOO_LARGE (413), and the connection closes, because the rest is never
 * read. A body nested deeper than `jsonDepth` is REQUEST_INVALID before JSON.parse or a
 * schema sees it. Every body is scanned, whatever its content type says, because some
 * routes parse JSON without asking.
 *
 * @example
 * app.use('*', boundedBodies({ bodyBytes: 131_072, jsonDepth: 32, headerBytes: 16_384 }));
 */
export function boundedBodies(limits: RequestLimits): MiddlewareHandler {
  const size = bodyLimit({
    maxSize: limits.bodyBytes,
    onError: (c) => {
      c.header('connection', 'close');
      throw new RequestTooLargeError(limits.bodyBytes);
    },
  });
  return (c, next) =>
    size(c, async () => {
      if (c.req.raw.body !== null) {
        // hono keeps the bytes read here, so the route's own parse reads them again for free.
        checkDepth(new Uint8Array(await c.req.arrayBuffer()), limits.jsonDepth);
      }
      await next();
    });
}

function checkDepth(body: Uint8Array, maxDepth: number): void {
  try {
    new JsonShapeScanner(maxDepth).scan(body);
  } catch (error) {
    if (!(error instanceof JsonLimitError)) throw error;
    throw new RequestInvalidError('the request body is nested too deeply', [
      `(body): ${error.message}`,
    ]);
  }
}

/** Node's refusals of a request it could not parse, by the code of its error. */
const CLIENT_ERROR_CODES: Readonly<Record<string, EdgeErrorCode>> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'REQUEST_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/**
 * Answers what Node's HTTP parser refuses before any handler runs (headers beyond the
 * server's `maxHeaderSize`, a malformed request, one that took too long) as problem+json
 * with a stable code, where Node would write a bare status line; then closes the
 * connection, as Node does.
 *
 * @example
 * answerClientErrors(server, problemFor);
 */
export function answerClientErrors(
  server: Server,
  problemFor: (code: EdgeErrorCode, requestId: string) => Problem,
): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: never write into a response already under way.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (!socket.writable || error.code === 'ECONNRESET' || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const problem = problemFor(
      CLIENT_ERROR_CODES[error.code ?? ''] ?? 'REQUEST_INVALID',
      randomUUID(),
    );
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        'content-type: application/problem+json\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
  });
}
