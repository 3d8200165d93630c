/**
 * The `csrf` option: extra allowed origins, and turning the check off, which production refuses
 * (docs/architecture.md §1.9).
 *
 * @module
 */
import { normalizeOrigin } from '../csrf/origin-config.js';
import { insecure } from './option-errors.js';

/** CSRF options: how unsafe requests are judged is docs/architecture.md §1.9 in the repository. */
export interface CsrfOptions {
  /** Extra origins (`https://app.example.com`) allowed to send unsafe requests. */
  allowedOrigins?: readonly string[];
  /** Turn the check off, for APIs that authenticate every request some other way. Refused in production. */
  dangerouslyDisable?: boolean;
}

/** Validate the CSRF options: whether the check runs, and the normalized extra origins. */
export function resolveCsrf(
  csrfOptions: CsrfOptions,
  production: boolean,
): { enabled: boolean; allowedOrigins: ReadonlySet<string> } {
  const csrfDisabled = csrfOptions.dangerouslyDisable === true;
  if (csrfDisabled && production) throw insecure('csrf.dangerouslyDisable is refused in production.');
  return {
    enabled: !csrfDisabled,
    allowedOrigins: new Set(
      (csrfOptions.allowedOrigins ?? []).map((origin) => normalizeOrigin('csrf.allowedOrigins', origin)),
    ),
  };
}
