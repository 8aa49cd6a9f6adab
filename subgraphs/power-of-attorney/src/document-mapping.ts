import { createHash } from 'node:crypto';
import type { PowerOfAttorneyDocument, PriorPrincipal, Principal, Representative } from '@mchd/format';
import type { PowerOfAttorneyMetadata, PrincipalIdentifiers, RepresentativeIdentifiers } from '@mchd/ledger';
import { streebog256, type SignerCandidate } from '@mchd/pki';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** SHA-256 and Streebog-256 of some bytes, lowercase hex. */
export function hashes(bytes: Uint8Array): { sha256: string; streebog256: string } {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), streebog256: hex(streebog256(bytes)) };
}

function principalIds(p: Principal | PriorPrincipal): PrincipalIdentifiers | undefined {
  const org =
    'legalEntity' in p && p.legalEntity
      ? 'organization' in p.legalEntity
        ? p.legalEntity.organization
        : p.legalEntity
      : undefined;
  if (org?.inn) return { inn: org.inn, kpp: org.kpp, ...(org.ogrn ? { ogrn: org.ogrn } : {}) };
  const foreign =
    'foreignEntity' in p && p.foreignEntity
      ? 'organization' in p.foreignEntity
        ? p.foreignEntity.organization
        : p.foreignEntity
      : undefined;
  if (foreign?.inn) return { inn: foreign.inn, ...(foreign.kpp ? { kpp: foreign.kpp } : {}) };
  if (p.entrepreneur) return { inn: p.entrepreneur.inn, ogrn: p.entrepreneur.ogrnip };
  if (p.person?.inn) return { inn: p.person.inn };
  return undefined;
}

/**
 * The principals' identifiers: the document's own principals, or for a re-delegation (whose principals are
 * those of the root) the principals its root block names.
 */
export function principalsOf(doc: PowerOfAttorneyDocument): PrincipalIdentifiers[] {
  const list: (Principal | PriorPrincipal)[] = doc.redelegated
    ? [...doc.redelegated.root.principals]
    : [...doc.principals];
  return list.map(principalIds).filter((p): p is PrincipalIdentifiers => !!p);
}

/** A representative's INN and SNILS. */
export function representativeIds(r: Representative): RepresentativeIdentifiers {
  const pick = (inn?: string, snils?: string): RepresentativeIdentifiers => ({
    ...(inn ? { inn } : {}),
    ...(snils ? { snils } : {}),
  });
  if (r.person) return pick(r.person.inn, r.person.snils);
  if (r.entrepreneur) return pick(r.entrepreneur.inn, r.entrepreneur.snils);
  if (r.legalEntity) return pick(r.legalEntity.inn);
  if (r.branch) return pick(r.branch.inn);
  if (r.foreignBranch) return pick(r.foreignBranch.inn);
  return {};
}

/** INNs of those who pass the powers on in a re-delegation (organizations and persons). */
export function transferorInns(doc: PowerOfAttorneyDocument): string[] {
  return (doc.redelegated?.transferors ?? []).flatMap((t) =>
    [
      t.legalEntity?.organization.inn,
      t.entrepreneur?.inn,
      t.person?.inn,
      t.branch?.organization.inn,
      t.foreignBranch?.organization.inn,
    ].filter((v): v is string => !!v),
  );
}

/**
 * Who may sign a root MCHD: the principals' persons acting without a power of attorney (or the entrepreneur, the
 * principal person, a foreign entity's heads).
 */
export function principalSignatories(doc: PowerOfAttorneyDocument): SignerCandidate[] {
  const out: SignerCandidate[] = [];
  const add = (p: {
    inn?: string;
    snils?: string;
    person: { lastName: string; firstName: string; middleName?: string };
  }) =>
    out.push({
      ...(p.inn ? { inn: p.inn } : {}),
      ...(p.snils ? { snils: p.snils } : {}),
      lastName: p.person.lastName,
      firstName: p.person.firstName,
      ...(p.person.middleName ? { middleName: p.person.middleName } : {}),
    });
  for (const p of doc.principals) {
    for (const a of p.legalEntity?.actingWithoutPowerOfAttorney ?? []) {
      if (a.individual) add(a.individual);
      if (a.entrepreneur) add(a.entrepreneur);
      for (const i of a.managementCompany?.individuals ?? []) add(i);
    }
    for (const h of p.foreignEntity?.heads ?? []) add(h);
    if (p.entrepreneur) add(p.entrepreneur);
    if (p.person) {
      add(p.person);
      if (p.person.legalRepresentative?.individual) add(p.person.legalRepresentative.individual);
    }
  }
  return out;
}

/** The metadata the ledger's `Register` takes for a verified document. */
export function metadataOf(
  doc: PowerOfAttorneyDocument & { guid: string },
  documentBytes: Uint8Array,
  signatureBytes: Uint8Array,
  signerThumbprint: string,
): PowerOfAttorneyMetadata {
  const d = hashes(documentBytes);
  const s = hashes(signatureBytes);
  return {
    guid: doc.guid.toLowerCase(),
    number: doc.internalNumber,
    format: doc.format,
    issuedOn: doc.issuedOn,
    validUntil: doc.validUntil,
    principals: principalsOf(doc),
    representatives: doc.representatives.map(representativeIds),
    powers: [...new Set(doc.powers.map((p) => p.code))],
    redelegation: doc.redelegation,
    kind: doc.kind,
    ...(doc.kind === 'irrevocable'
      ? {
          irrevocability: {
            revocableOnConditions: doc.irrevocability?.revocationCondition === '2',
            ...(doc.irrevocability?.conditionText
              ? { conditions: doc.irrevocability.conditionText.slice(0, 1000) }
              : {}),
          },
        }
      : {}),
    ...(doc.parentGuid ? { parentGuid: doc.parentGuid.toLowerCase() } : {}),
    ...(doc.rootGuid ? { rootGuid: doc.rootGuid.toLowerCase() } : {}),
    documentSha256: d.sha256,
    documentStreebog256: d.streebog256,
    signatureSha256: s.sha256,
    signatureStreebog256: s.streebog256,
    signerThumbprint: signerThumbprint.toLowerCase(),
  };
}
