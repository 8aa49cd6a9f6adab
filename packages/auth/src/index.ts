/**
 * Authentication and per-organization authorization shared by the gateway, the subgraphs and the CLI:
 * bearer JWTs (jose) with claims `roles` and `orgs` (INNs).
 */
export { UnauthenticatedError, ForbiddenError } from './errors.js';
export { ROLES, actsFor, hasRole, requireCaller, requireOrg, requireRole, type Caller, type Role } from './caller.js';
export { authConfigFromEnv, type AuthConfig } from './config.js';
export {
  DEVELOPMENT_ALGORITHM,
  DEVELOPMENT_AUDIENCE,
  DEVELOPMENT_ISSUER,
  loadDevelopmentKey,
} from './development-key.js';
export {
  callerFromAuthorization,
  createTokenVerifier,
  issueDevelopmentToken,
  type DevelopmentClaims,
  type TokenVerifier,
} from './token-verifier.js';
