/**
 * Response headers from helmet: a CSP that allows no script and only our own stylesheet, no
 * framing (clickjacking, ASVS 5.0 V3.4.6), and HSTS only on responses that came over TLS: on plain
 * HTTP the header means nothing, and on http://localhost it would be misleading.
 *
 * @module
 */
import type { RequestHandler } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';

/**
 * @example
 * app.use(securityHeaders());
 */
export function securityHeaders(): RequestHandler[] {
  const base = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  // RFC 6797 §7.2: an HSTS header sent over plain HTTP is ignored; send it only over TLS.
  const hsts = strictTransportSecurity({ maxAge: 365 * 86_400, includeSubDomains: true });
  const hstsOverTls: RequestHandler = (req, res, next) => (req.secure ? hsts(req, res, next) : next());
  return [base, hstsOverTls];
}
