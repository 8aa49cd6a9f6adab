import { RegistryError } from './errors.js';
import type {
  Irrevocability,
  PowerOfAttorneyMetadata,
  PrincipalIdentifiers,
  Redelegation,
  RepresentativeIdentifiers,
  RepresentativeSelector,
  RevocationRequest,
} from './metadata.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const HEX40 = /^[0-9a-f]{40}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INN = /^(\d{10}|\d{12})$/;
const KPP = /^\d{4}[\dA-Z]{2}\d{3}$/;
const OGRN = /^(\d{13}|\d{15})$/;
const SNILS = /^\d{11}$/;
const REDELEGATIONS: readonly Redelegation[] = ['none', 'once', 'successive'];
/** Upper bounds that keep one transaction small: the registry stores identifiers, not documents. */
const MAX_PARTIES = 100;
const MAX_POWERS = 1000;

function invalid(detail: string): never {
  throw new RegistryError('INVALID_INPUT', detail);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a JSON argument into an object or fails with INVALID_INPUT. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    invalid(`${what} is not JSON`);
  }
  if (!isObject(value)) invalid(`${what} must be a JSON object`);
  return value;
}

function str(o: Record<string, unknown>, field: string, max = 1000): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) invalid(`${field} must be a string of 1..${max}`);
  return v;
}

function optStr(o: Record<string, unknown>, field: string, max = 1000): string | undefined {
  return o[field] === undefined || o[field] === null ? undefined : str(o, field, max);
}

function matching(o: Record<string, unknown>, field: string, pattern: RegExp, what: string): string {
  const v = o[field];
  if (typeof v !== 'string') invalid(`${field} must be ${what}`);
  // Hex digests and thumbprints are case-insensitive: store them lowercase. Digit-only patterns are unaffected.
  const norm = pattern === HEX64 || pattern === HEX40 ? v.toLowerCase() : v;
  if (!pattern.test(norm)) invalid(`${field} must be ${what}`);
  return norm;
}

/** Normalizes and checks a GUID (lowercase 8-4-4-4-12 hex). */
export function normalizeGuid(v: unknown, field = 'guid'): string {
  if (typeof v !== 'string') invalid(`${field} must be a GUID`);
  const g = v.toLowerCase();
  if (!GUID.test(g)) invalid(`${field} must be a GUID`);
  return g;
}

/** Checks a `YYYY-MM-DD` calendar date. */
export function checkDate(v: unknown, field: string): string {
  if (typeof v !== 'string') invalid(`${field} must be a date YYYY-MM-DD`);
  const m = DATE.exec(v);
  if (!m) invalid(`${field} must be a date YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    invalid(`${field} is not a calendar date`);
  }
  return v;
}

/** Parses an ISO 8601 instant with an explicit offset (or Z); answers epoch milliseconds. */
export function parseInstant(v: unknown, field: string): number {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    invalid(`${field} must be an ISO 8601 instant with an offset`);
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) invalid(`${field} is not a valid instant`);
  return ms;
}

function principal(v: unknown, i: number): PrincipalIdentifiers {
  if (!isObject(v)) invalid(`principals[${i}] must be an object`);
  const inn = matching(v, 'inn', INN, 'an INN of 10 or 12 digits');
  const kpp = v['kpp'] === undefined ? undefined : matching(v, 'kpp', KPP, 'a KPP of 9 characters');
  const ogrn = v['ogrn'] === undefined ? undefined : matching(v, 'ogrn', OGRN, 'an OGRN of 13 or 15 digits');
  return { inn, ...(kpp ? { kpp } : {}), ...(ogrn ? { ogrn } : {}) };
}

function representative(v: unknown, i: number): RepresentativeIdentifiers {
  if (!isObject(v)) invalid(`representatives[${i}] must be an object`);
  const inn = v['inn'] === undefined ? undefined : matching(v, 'inn', INN, 'an INN of 10 or 12 digits');
  const snils = v['snils'] === undefined ? undefined : matching(v, 'snils', SNILS, 'a SNILS of 11 digits');
  if (!inn && !snils) invalid(`representatives[${i}] needs an INN or a SNILS`);
  return { ...(inn ? { inn } : {}), ...(snils ? { snils } : {}) };
}

function list<T>(
  o: Record<string, unknown>,
  field: string,
  max: number,
  min: number,
  item: (v: unknown, i: number) => T,
) {
  const v = o[field];
  if (!Array.isArray(v) || v.length < min || v.length > max) invalid(`${field} must be an array of ${min}..${max}`);
  return v.map(item);
}

/** Checks `Register`'s argument and answers it normalized (lowercase hex and GUIDs, no unknown fields). */
export function validateMetadata(o: Record<string, unknown>): PowerOfAttorneyMetadata {
  const guid = o['guid'] === undefined || o['guid'] === null ? undefined : normalizeGuid(o['guid']);
  const issuedOn = checkDate(o['issuedOn'], 'issuedOn');
  const validUntil = checkDate(o['validUntil'], 'validUntil');
  if (validUntil < issuedOn) invalid('validUntil is before issuedOn');
  const redelegation = o['redelegation'];
  if (typeof redelegation !== 'string' || !REDELEGATIONS.includes(redelegation as Redelegation)) {
    invalid(`redelegation must be one of ${REDELEGATIONS.join(', ')}`);
  }
  const kind = o['kind'];
  if (kind !== 'revocable' && kind !== 'irrevocable') invalid('kind must be revocable or irrevocable');
  let irrevocability: Irrevocability | undefined;
  if (kind === 'irrevocable') {
    const t = o['irrevocability'];
    if (!isObject(t) || typeof t['revocableOnConditions'] !== 'boolean') {
      invalid('an irrevocable MCHD needs irrevocability.revocableOnConditions');
    }
    const conditions = optStr(t, 'conditions', 1000);
    irrevocability = { revocableOnConditions: t['revocableOnConditions'], ...(conditions ? { conditions } : {}) };
  } else if (o['irrevocability'] !== undefined) {
    invalid('irrevocability is only for kind irrevocable');
  }
  const powers = list(o, 'powers', MAX_POWERS, 0, (v, i) => {
    if (typeof v !== 'string' || v.length === 0 || v.length > 255) invalid(`powers[${i}] must be a code of 1..255`);
    return v;
  });
  if (new Set(powers).size !== powers.length) invalid('powers must not repeat');
  const parentGuid = o['parentGuid'] == null ? undefined : normalizeGuid(o['parentGuid'], 'parentGuid');
  const rootGuid = o['rootGuid'] == null ? undefined : normalizeGuid(o['rootGuid'], 'rootGuid');
  if (rootGuid && !parentGuid && guid && rootGuid !== guid) invalid('a root MCHD must be its own rootGuid');
  return {
    ...(guid ? { guid } : {}),
    number: str(o, 'number', 255),
    format: str(o, 'format', 32),
    issuedOn,
    validUntil,
    principals: list(o, 'principals', MAX_PARTIES, 1, principal),
    representatives: list(o, 'representatives', MAX_PARTIES, 1, representative),
    powers,
    redelegation: redelegation as Redelegation,
    kind,
    ...(irrevocability ? { irrevocability } : {}),
    ...(parentGuid ? { parentGuid } : {}),
    ...(rootGuid ? { rootGuid } : {}),
    documentSha256: matching(o, 'documentSha256', HEX64, '64 hex digits'),
    documentStreebog256: matching(o, 'documentStreebog256', HEX64, '64 hex digits'),
    signatureSha256: matching(o, 'signatureSha256', HEX64, '64 hex digits'),
    signatureStreebog256: matching(o, 'signatureStreebog256', HEX64, '64 hex digits'),
    signerThumbprint: matching(o, 'signerThumbprint', HEX40, '40 hex digits (SHA-1)'),
  };
}

/** Checks `Revoke`'s argument. */
export function validateRevocation(o: Record<string, unknown>): RevocationRequest {
  const revokedAt = o['revokedAt'] == null ? undefined : str(o, 'revokedAt', 64);
  if (revokedAt !== undefined) parseInstant(revokedAt, 'revokedAt');
  const met = o['irrevocableConditionMet'];
  if (met !== undefined && typeof met !== 'boolean') invalid('irrevocableConditionMet must be a boolean');
  return {
    guid: normalizeGuid(o['guid']),
    reason: str(o, 'reason', 500),
    by: str(o, 'by', 255),
    ...(revokedAt ? { revokedAt } : {}),
    ...(met !== undefined ? { irrevocableConditionMet: met } : {}),
  };
}

/** Checks `ByRepresentative`'s argument: exactly one of INN or SNILS. */
export function validateRepresentativeSelector(o: Record<string, unknown>): {
  kind: keyof RepresentativeSelector;
  value: string;
} {
  const hasInn = o['inn'] !== undefined;
  const hasSnils = o['snils'] !== undefined;
  if (hasInn === hasSnils) invalid('give exactly one of inn or snils');
  return hasInn
    ? { kind: 'inn', value: matching(o, 'inn', INN, 'an INN of 10 or 12 digits') }
    : { kind: 'snils', value: matching(o, 'snils', SNILS, 'a SNILS of 11 digits') };
}

/** Checks an INN argument. */
export function validateInn(v: string): string {
  if (!INN.test(v)) invalid('inn must be 10 or 12 digits');
  return v;
}
