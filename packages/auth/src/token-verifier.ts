import {
  createRemoteJWKSet,
  importPKCS8,
  importSPKI,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';
import { type Caller, ROLES, type Role } from './caller.js';
import type { AuthConfig } from './config.js';
import { DEVELOPMENT_AUDIENCE, DEVELOPMENT_ISSUER, loadDevelopmentKey } from './development-key.js';
import { UnauthenticatedError } from './errors.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** Verifies bearer tokens into callers. */
export interface TokenVerifier {
  /** Throws {@link UnauthenticatedError} when the token is not valid. */
  verify(token: string): Promise<Caller>;
}

const ACCEPTED_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];

/**
 * Creates a verifier for the configured key source: a JWKS URL, a PEM public key, or (development) the key pair
 * in the data directory, generated once when absent. Verified tokens are remembered until their `exp`
 * (`cacheSize` entries at most, default 10,000; 0 turns the cache off).
 *
 * @example
 * ```ts
 * const verifier = await createTokenVerifier({ dataDir: './data' });
 * const caller = await verifier.verify(token);
 * ```
 */
export async function createTokenVerifier(
  config: AuthConfig,
  options: { cacheSize?: number; now?: () => number } = {},
): Promise<TokenVerifier> {
  const cache = new VerifiedTokenCache(options.cacheSize ?? 10_000, options.now ?? Date.now);
  let verifyJwt: (token: string, options: JWTVerifyOptions) => Promise<{ payload: JWTPayload }>;
  let issuer = config.issuer;
  let audience = config.audience;
  if (config.jwksUrl) {
    const jwks = createRemoteJWKSet(new URL(config.jwksUrl));
    verifyJwt = (token, options) => jwtVerify(token, jwks, options);
  } else if (config.publicKeyPem) {
    const alg = detectAlgorithm(config.publicKeyPem);
    const key = await importSPKI(config.publicKeyPem, alg);
    verifyJwt = (token, options) => jwtVerify(token, key, options);
  } else {
    const dev = await loadDevelopmentKey(config.dataDir);
    const key = await importSPKI(dev.publicKeyPem, dev.algorithm);
    verifyJwt = (token, options) => jwtVerify(token, key, options);
    issuer ??= DEVELOPMENT_ISSUER;
    audience ??= DEVELOPMENT_AUDIENCE;
  }
  return {
    async verify(token: string): Promise<Caller> {
      const known = cache.get(token);
      if (known) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await verifyJwt(token, {
          algorithms: ACCEPTED_ALGORITHMS,
          ...(issuer ? { issuer } : {}),
          ...(audience ? { audience } : {}),
        }));
      } catch (e) {
        throw new UnauthenticatedError(`invalid token: ${e instanceof Error ? e.message : String(e)}`);
      }
      const caller = callerFromClaims(payload);
      cache.put(token, caller, payload.exp);
      return caller;
    },
  };
}

function detectAlgorithm(pem: string): string {
  // An SPKI PEM does not name its JWS algorithm; EC keys here are P-256 (ES256), RSA keys use RS256.
  return pem.length > 400 ? 'RS256' : 'ES256';
}

function callerFromClaims(payload: JWTPayload): Caller {
  const roles = payload['roles'];
  const orgs = payload['orgs'] ?? [];
  if (
    !Array.isArray(roles) ||
    !roles.every((r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r))
  ) {
    throw new UnauthenticatedError('invalid token: claim "roles" must list known roles');
  }
  if (!Array.isArray(orgs) || !orgs.every((o): o is string => typeof o === 'string')) {
    throw new UnauthenticatedError('invalid token: claim "orgs" must be a list of INNs');
  }
  return { subject: typeof payload.sub === 'string' ? payload.sub : 'anonymous', roles, orgs };
}

/**
 * Reads an `Authorization` header value: `null` when absent; the caller for a valid `Bearer` token; throws
 * {@link UnauthenticatedError} for anything else.
 *
 * @example
 * ```ts
 * const caller = await callerFromAuthorization(req.headers.authorization, verifier);
 * ```
 */
export async function callerFromAuthorization(
  header: string | undefined | null,
  verifier: TokenVerifier,
): Promise<Caller | null> {
  if (header === undefined || header === null || header === '') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
  return verifier.verify(m[1]);
}

/** Claims of a development token. */
export interface DevelopmentClaims {
  readonly roles: readonly Role[];
  readonly orgs?: readonly string[];
  readonly subject?: string;
  /** Lifetime; default 12 hours. */
  readonly ttlSeconds?: number;
  /** Issue time in seconds since the epoch; default now. */
  readonly issuedAt?: number;
}

/**
 * Issues a token signed with the development key of `dataDir` (for `mchd token`, demos and tests).
 *
 * @example
 * ```ts
 * const token = await issueDevelopmentToken({ dataDir: './data' }, { roles: ['registrar'], orgs: ['7707083893'] });
 * ```
 */
export async function issueDevelopmentToken(config: { dataDir: string }, claims: DevelopmentClaims): Promise<string> {
  const dev = await loadDevelopmentKey(config.dataDir);
  const key = await importPKCS8(dev.privateKeyPem, dev.algorithm);
  const iat = claims.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: [...claims.roles], orgs: [...(claims.orgs ?? [])] })
    .setProtectedHeader({ alg: dev.algorithm })
    .setSubject(claims.subject ?? `dev:${claims.roles.join('+')}`)
    .setIssuer(DEVELOPMENT_ISSUER)
    .setAudience(DEVELOPMENT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (claims.ttlSeconds ?? 12 * 3600))
    .sign(key);
}
