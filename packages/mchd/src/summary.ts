/**
 * The compact view of a read document that `mchd inspect --json` prints (../shared/API.md).
 */
import type { ReadResult } from './read.js';
import type { Individual, PersonDetails, PowerOfAttorneyDocument, Principal, Representative } from './model.js';

/** A signatory (a person acting for the principal without a power of attorney). */
export interface SignatorySummary {
  readonly inn: string | null;
  readonly snils: string | null;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly position: string | null;
}

/** `document` of `mchd inspect --json`. */
export interface InspectDocument {
  readonly guid: string | null;
  readonly number: string | null;
  readonly internalNumber: string | null;
  readonly issuedOn: string;
  readonly validUntil: string;
  readonly redelegation: PowerOfAttorneyDocument['redelegation'];
  readonly principals: ReadonlyArray<{
    readonly type: Principal['type'];
    readonly name: string | null;
    readonly inn: string | null;
    readonly kpp: string | null;
    readonly ogrn: string | null;
    readonly signatories: readonly SignatorySummary[];
  }>;
  readonly representatives: ReadonlyArray<{
    readonly type: Representative['type'];
    readonly inn: string | null;
    readonly snils: string | null;
    readonly lastName: string | null;
    readonly firstName: string | null;
    readonly middleName: string | null;
  }>;
  readonly powers: ReadonlyArray<{ readonly code: string | null; readonly name: string }>;
  readonly parentGuid: string | null;
  readonly rootGuid: string | null;
}

/** The whole JSON of `mchd inspect --json`. */
export interface InspectReport {
  readonly valid: boolean;
  readonly format: ReadResult['format'];
  readonly errors: ReadonlyArray<{ readonly code: string; readonly path: string; readonly message: string }>;
  readonly document: InspectDocument | null;
}

const n = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const fullName = (p: PersonDetails | undefined): string | null =>
  p ? [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ') : null;

const signatory = (i: Individual, position?: string): SignatorySummary => ({
  inn: n(i.inn),
  snils: n(i.snils),
  lastName: i.person.lastName,
  firstName: i.person.firstName,
  middleName: n(i.person.middleName),
  position: n(i.position ?? position),
});

function principalSummary(p: Principal): InspectDocument['principals'][number] {
  if (p.legalEntity) {
    const o = p.legalEntity.organization;
    const signatories: SignatorySummary[] = [];
    for (const a of p.legalEntity.actingWithoutPowerOfAttorney) {
      if (a.individual) signatories.push(signatory(a.individual));
      if (a.managementCompany) signatories.push(...a.managementCompany.individuals.map((i) => signatory(i)));
      if (a.entrepreneur) {
        signatories.push(
          signatory({ inn: a.entrepreneur.inn, snils: a.entrepreneur.snils, person: a.entrepreneur.person }),
        );
      }
    }
    return { type: p.type, name: o.name, inn: n(o.inn), kpp: o.kpp, ogrn: n(o.ogrn), signatories };
  }
  if (p.foreignEntity) {
    const o = p.foreignEntity.organization;
    return {
      type: p.type,
      name: o.name,
      inn: n(o.inn),
      kpp: n(o.kpp),
      ogrn: null,
      signatories: p.foreignEntity.heads.map((h) => signatory(h)),
    };
  }
  if (p.entrepreneur) {
    const e = p.entrepreneur;
    return {
      type: p.type,
      name: e.name ?? fullName(e.person),
      inn: e.inn,
      kpp: null,
      ogrn: e.ogrnip,
      signatories: [signatory({ inn: e.inn, snils: e.snils, person: e.person })],
    };
  }
  if (p.person) {
    const f = p.person;
    return {
      type: p.type,
      name: fullName(f.person),
      inn: n(f.inn),
      kpp: null,
      ogrn: null,
      signatories: [signatory({ inn: f.inn, snils: f.snils, person: f.person })],
    };
  }
  return { type: p.type, name: null, inn: null, kpp: null, ogrn: null, signatories: [] };
}

function representativeSummary(r: Representative): InspectDocument['representatives'][number] {
  const person = r.person?.person ?? r.entrepreneur?.person;
  const org = r.legalEntity ?? r.branch;
  return {
    type: r.type,
    inn: n(r.person?.inn ?? r.entrepreneur?.inn ?? org?.inn ?? r.foreignBranch?.inn),
    snils: n(r.person?.snils ?? r.entrepreneur?.snils),
    lastName: n(person?.lastName),
    firstName: n(person?.firstName),
    middleName: n(person?.middleName),
  };
}

/**
 * Summarizes a document: the `document` object of `mchd inspect --json`. For a re-delegation, the principals are
 * those of the root power of attorney.
 *
 * @example
 * ```ts
 * const doc = summarizeDocument(readPowerOfAttorney(bytes).document!);
 * ```
 */
export function summarizeDocument(d: PowerOfAttorneyDocument): InspectDocument {
  const principals: InspectDocument['principals'] = d.redelegated
    ? d.redelegated.root.principals.map((p) =>
        principalSummary({
          type: p.type,
          ...(p.legalEntity
            ? {
                legalEntity: {
                  organization: p.legalEntity,
                  executiveIsManagementCompany: false,
                  executiveIsPerson: false,
                  executiveIsEntrepreneur: false,
                  actingWithoutPowerOfAttorney: [],
                },
              }
            : {}),
          ...(p.foreignEntity ? { foreignEntity: { organization: p.foreignEntity, heads: [] } } : {}),
          ...(p.entrepreneur ? { entrepreneur: p.entrepreneur } : {}),
          ...(p.person ? { person: p.person } : {}),
        }),
      )
    : d.principals.map(principalSummary);
  return {
    guid: n(d.guid),
    number: n(d.guid),
    internalNumber: d.internalNumber === '' ? null : d.internalNumber,
    issuedOn: d.issuedOn,
    validUntil: d.validUntil,
    redelegation: d.redelegation,
    principals,
    representatives: d.representatives.map(representativeSummary),
    powers: d.powers.length
      ? d.powers.map((p) => ({ code: p.code, name: p.name }))
      : d.powersText !== undefined
        ? [{ code: null, name: d.powersText }]
        : [],
    parentGuid: n(d.parentGuid),
    rootGuid: n(d.rootGuid),
  };
}

/**
 * The `document` object of `mchd inspect --json` for a read result (null when nothing could be mapped).
 *
 * @example
 * ```ts
 * const summary = inspectSummary(readPowerOfAttorney(bytes));
 * console.log(summary?.guid, summary?.validUntil);
 * ```
 */
export function inspectSummary(result: ReadResult): InspectDocument | null {
  return result.document ? summarizeDocument(result.document) : null;
}

/**
 * The whole JSON `mchd inspect --json` prints: `{ valid, format, errors, document }`.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(inspectReport(readPowerOfAttorney(bytes))));
 * ```
 */
export function inspectReport(result: ReadResult): InspectReport {
  return {
    valid: result.valid,
    format: result.format,
    errors: result.errors.map((e) => ({ code: e.code, path: e.path, message: e.message })),
    document: inspectSummary(result),
  };
}
