/**
 * A well-known signing secret (WSTG-SESS-01, WSTG-SESS-10; ASVS 5.0 13.3.1): the tutorial's lesson
 * was a hard-coded `secret: 'keyboard cat'`. Where the session cookie is signed in a known format,
 * its HMAC is checked against placeholder secrets copied from READMEs; a match means anyone can
 * sign cookie values the server will trust.
 *
 * @module
 */
import { KNOWN_SECRETS } from '../analysis/known-secrets.js';
import { signedTokenOf } from '../analysis/signed-formats.js';
import type { Check } from './check.js';
import { fail, pass, skip } from './check.js';

/** The session cookie is not signed with a placeholder secret. */
export const signingSecret: Check = {
  id: 'signing-secret',
  title: 'No well-known signing secret',
  wstg: ['WSTG-SESS-01', 'WSTG-SESS-10'],
  asvs: ['13.3.1'],
  fix: 'Load a long random signing secret from the environment or a secrets manager; never commit one.',
  severity: 'high',
  run(ctx) {
    const formats: string[] = [];
    for (const [name, value] of Object.entries(ctx.site.sampleToken)) {
      const signed = signedTokenOf(value);
      if (signed === null) continue;
      formats.push(`${name}: ${signed.format}`);
      const secret = KNOWN_SECRETS.find((candidate) => signed.verify(candidate));
      if (secret !== undefined) {
        return Promise.resolve(
          fail(
            `${name} (${signed.format}) is signed with the well-known secret ${JSON.stringify(secret)}: anyone can sign values the server trusts`,
          ),
        );
      }
    }
    if (formats.length === 0) {
      return Promise.resolve(
        skip('the token is opaque (not cookie-signature or an HMAC JWT): there is no signature to test'),
      );
    }
    return Promise.resolve(
      pass(`${formats.join('; ')}: none of ${KNOWN_SECRETS.length} well-known secrets verifies it`),
    );
  },
};
