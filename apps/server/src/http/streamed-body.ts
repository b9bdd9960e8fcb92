import { Readable, Transform } from 'node:stream';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { receivedLargeBodyBytes } from '../memory/index.ts';
import { HttpError } from './errors.ts';

/**
 * The request body as a Node stream of at most `maxBytes`, for a route that passes a large
 * body on unread (to a file): straight from Node's request where there is one — through the
 * web-stream adapters a 14 MB upload cost the event loop twice the garbage collections — and
 * from the web body otherwise (`app.request` in tests). Over the limit it is refused at once
 * by its Content-Length, and a body without one fails with the same 413 when it gets there.
 * What arrives is counted for the young-generation scavenges that keep its socket reads from
 * ending in a full mark-compact (memory/young-gc.ts).
 *
 * The route must be left out of the body-limit middleware: that one reads `c.req.raw.body`,
 * which starts the adapter on the same request.
 */
export function streamedBody(c: Context, maxBytes: number): Readable {
  const tooLarge = () => new HttpError(413, 'body_too_large', `The request body is over ${maxBytes} bytes`);
  if (Number(c.req.header('content-length')) > maxBytes) throw tooLarge();
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  // Only without a Node request: reading `c.req.raw.body` starts the adapter, which takes the data too.
  const source = incoming ?? webBody(c.req.raw.body);
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.byteLength;
      receivedLargeBodyBytes(chunk.byteLength);
      done(seen > maxBytes ? tooLarge() : null, chunk);
    },
  });
  // pipe() does not pass a source's failure on (an upload cut off halfway): the reader must see it.
  source.once('error', (error) => limited.destroy(error));
  return source.pipe(limited);
}

function webBody(body: ReadableStream<Uint8Array> | null): Readable {
  return body ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
}
