import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Only our own origin: the board must work on government networks and may not leak usage
 * to third parties. tldraw needs inline style attributes, and data:/blob: URLs for images,
 * fonts and its export worker — all local to the page, none a third-party host. Nobody may
 * frame the app (clickjacking).
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  frameSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The headers every response carries — API JSON, errors, health, metrics, files, the page:
 * the policy above, `Referrer-Policy: no-referrer` (a board URL never leaves in a Referer),
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (frame-ancestors for old
 * browsers), same-origin `Cross-Origin-Opener-Policy` and `Cross-Origin-Resource-Policy`
 * (other sites can't embed our responses; CORS requests are not affected by the latter),
 * `Origin-Agent-Cluster`, and no powerful features the board does not use.
 *
 * No `Strict-Transport-Security`: this process never terminates TLS. On plain http, where
 * many intranet installations run, browsers ignore the header anyway; behind an https proxy
 * the proxy owns the TLS policy and should send it. Sent from here (hono's default is 180
 * days with includeSubDomains), one response over https would pin the host name — and every
 * name under it — to https for half a year, even if the operator later serves it, or a test
 * instance under it, over plain http.
 */
export function securityHeaders(): MiddlewareHandler {
  const setHeaders = secureHeaders({
    contentSecurityPolicy,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: true,
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  });
  return async (c, next) => {
    await setHeaders(c, next);
    // hono answers HEAD by running GET and copying that response without its body; with
    // @hono/node-server's lightweight responses the copy keeps only the headers the handler
    // passed in, and drops those set afterwards by middleware (these among them). A fresh
    // response holding every header survives the copy.
    if (c.req.method === 'HEAD') {
      const { status, headers } = c.res;
      c.res = undefined;
      c.res = new Response(null, { status, headers: new Headers(headers) });
    }
  };
}
