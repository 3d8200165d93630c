/**
 * The client side of Device Bound Session Credentials for the contract and the tests: a key pair
 * of the client's own (jose), proofs shaped as Chrome 145+ signs them (Chromium
 * session_binding_utils.cc: header `{ alg, typ: "dbsc+jwt", jwk }` at registration, `{ alg, typ }`
 * at refresh; payload `{ jti }`), and readers for the headers the server sends.
 *
 * @module
 */
import type { CryptoKey, JWK } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/** The algorithms DBSC allows. */
export type Algorithm = 'ES256' | 'RS256';

/** A device's key pair: what a browser keeps in its TPM, here in memory. */
export class DeviceKey {
  /** The signing algorithm. */
  readonly alg: Algorithm;
  readonly #privateKey: CryptoKey;
  /** The public key, as the registration proof carries it. */
  readonly publicJwk: JWK;

  private constructor(alg: Algorithm, privateKey: CryptoKey, publicJwk: JWK) {
    this.alg = alg;
    this.#privateKey = privateKey;
    this.publicJwk = publicJwk;
  }

  /** A new key pair for `alg`. */
  static async create(alg: Algorithm): Promise<DeviceKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    return new DeviceKey(alg, privateKey, await exportJWK(publicKey));
  }

  /** A registration proof over `challenge`, carrying the public key in its header. */
  registrationProof(challenge: string): Promise<string> {
    return new SignJWT({ jti: challenge })
      .setProtectedHeader({ alg: this.alg, typ: 'dbsc+jwt', jwk: this.publicJwk })
      .sign(this.#privateKey);
  }

  /** A refresh proof over `challenge`. */
  refreshProof(challenge: string): Promise<string> {
    return new SignJWT({ jti: challenge })
      .setProtectedHeader({ alg: this.alg, typ: 'dbsc+jwt' })
      .sign(this.#privateKey);
  }
}

/** `(ES256 RS256);path="…";challenge="…"` → its parts. */
export function parseRegistration(header: string | null): {
  /** The algorithms offered, e.g. `['ES256', 'RS256']`. */
  algorithms: string[];
  /** The registration endpoint's path. */
  path: string;
  /** The challenge the registration proof must sign. */
  challenge: string;
} {
  const match = /^\(([^)]*)\);path="([^"]*)";challenge="([^"]*)"$/.exec(header ?? '');
  if (match === null) throw new Error(`not a registration header: ${String(header)}`);
  return { algorithms: (match[1] ?? '').split(' '), path: match[2] ?? '', challenge: match[3] ?? '' };
}

/** `"challenge";id="session"` → its parts. */
export function parseChallenge(header: string | null): {
  /** The challenge the next proof must sign. */
  challenge: string;
  /** The DBSC session identifier it is for. */
  id: string;
} {
  const match = /^"([^"]*)";id="([^"]*)"$/.exec(header ?? '');
  if (match === null) throw new Error(`not a challenge header: ${String(header)}`);
  return { challenge: match[1] ?? '', id: match[2] ?? '' };
}
