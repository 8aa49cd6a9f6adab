/** Where tokens are verified against (and, in development, issued from). */
export interface AuthConfig {
  /** Data directory: the development key pair lives in `<dataDir>/keys/`. */
  readonly dataDir: string;
  /** Production: a PEM public key (SPKI) that signs the tokens. */
  readonly publicKeyPem?: string;
  /** Production: a JWKS URL. */
  readonly jwksUrl?: string;
  /** Expected `iss`; checked when set. */
  readonly issuer?: string;
  /** Expected `aud`; checked when set. */
  readonly audience?: string;
}

/**
 * Reads the auth settings from the environment: `MCHD_DATA_DIR` (default `./data`), `MCHD_JWT_PUBLIC_KEY`
 * (PEM text), `MCHD_JWKS_URL`, `MCHD_JWT_ISSUER`, `MCHD_JWT_AUDIENCE`.
 *
 * @example
 * ```ts
 * const verifier = await createTokenVerifier(authConfigFromEnv(process.env));
 * ```
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv): AuthConfig {
  const jwksUrl = env['MCHD_JWKS_URL'];
  if (jwksUrl !== undefined && jwksUrl !== '') {
    try {
      new URL(jwksUrl);
    } catch {
      throw new Error(`MCHD_JWKS_URL must be a URL, got "${jwksUrl}"`);
    }
  }
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);
  return {
    dataDir: nonEmpty(env['MCHD_DATA_DIR']) ?? './data',
    publicKeyPem: nonEmpty(env['MCHD_JWT_PUBLIC_KEY']),
    jwksUrl: nonEmpty(jwksUrl),
    issuer: nonEmpty(env['MCHD_JWT_ISSUER']),
    audience: nonEmpty(env['MCHD_JWT_AUDIENCE']),
  };
}
