/**
 * Tests only: fast-check arbitraries of schema-valid, internally consistent power-of-attorney models, covering
 * every optional part of EMCHD_1 (notarization, irrevocability, management companies, foreign parties,
 * re-delegation blocks).
 */
import {
  generateInnLegal,
  generateInnPerson,
  generateOgrn,
  generateOgrnip,
  generateSnils,
  seededRandom,
} from '@mchd/identifiers';
import fc from 'fast-check';
import type {
  ActingWithoutPowerOfAttorney,
  Address,
  AuthorityDocument,
  Entrepreneur,
  ForeignEntityParty,
  ForeignOrganization,
  FullName,
  IdentityDocument,
  Individual,
  IrrevocabilityTerms,
  LegalEntityParty,
  Notary,
  NotaryCertification,
  Organization,
  PersonDetails,
  PersonParty,
  Power,
  PowerOfAttorneyDocument,
  PriorPowerOfAttorney,
  PriorPrincipal,
  Principal,
  PrincipalType,
  Representative,
  RepresentativeType,
  Restriction,
  Transferor,
} from './model.js';

const CHARS = [...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЯЁ ABCxyz0189-.,№«»&<>"\'\t\n😀€'];
/** Text of `min`..`max` characters (code points) from a mixed alphabet, including characters XML must escape. */
export const text = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...CHARS), minLength: min, maxLength: max });
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const innLegal = seed.map((s) => generateInnLegal(seededRandom(s)));
const innPerson = seed.map((s) => generateInnPerson(seededRandom(s)));
const snils = seed.map((s) => generateSnils(seededRandom(s)));
const ogrn = seed.map((s) => generateOgrn(seededRandom(s)));
const ogrnip = seed.map((s) => generateOgrnip(seededRandom(s)));
const kpp = fc
  .tuple(fc.integer({ min: 10, max: 99 }), digits(2), fc.constantFrom('01', 'AB', '5Z', '43'), digits(3))
  .map(([a, b, c, d]) => `${a}${b}${c}${d}`);
/** A valid date in 1990-01-01 … 2089-12-28. */
export const date = fc
  .tuple(fc.integer({ min: 1990, max: 2089 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: n, maxLength: n });
/** A GUID in any letter case. */
export const guid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join('-'));
const status = fc.constantFrom('101', '102', '299', '301', '303', '399' as const);

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
/** A record with some optional keys: absent rather than undefined. */
function rec<T extends object>(
  required: { [K in keyof T]?: fc.Arbitrary<T[K]> },
  optional: { [K in keyof T]?: fc.Arbitrary<T[K]> },
): fc.Arbitrary<T> {
  return fc.record({ ...required, ...optional } as Record<string, fc.Arbitrary<unknown>>, {
    requiredKeys: Object.keys(required),
  }) as unknown as fc.Arbitrary<T>;
}

const fullName: fc.Arbitrary<FullName> = rec<FullName>(
  { lastName: text(1, 20), firstName: text(1, 20) },
  { middleName: text(1, 20) },
);
const address: fc.Arbitrary<Address> = fc
  .tuple(
    rec<Address>({ region: digits(2) }, { fiasId: guid }),
    fc.oneof(
      fc.constant({}),
      text(1, 40).map((t) => ({ text: t })),
      text(1, 40).map((t) => ({ fiasText: t })),
    ),
  )
  .map(([a, b]) => ({ ...a, ...b }));
const authorityDocument = rec<AuthorityDocument>(
  {},
  { name: text(1, 30), issuedOn: date, issuedBy: text(1, 30), details: text(1, 30) },
);
const personDetails: fc.Arbitrary<PersonDetails> = fc
  .tuple(
    fullName,
    rec<PersonDetails>(
      {},
      {
        sex: fc.constantFrom('male', 'female'),
        citizenshipKind: fc.constantFrom('russian', 'foreign', 'stateless'),
        ernNumber: digits(12),
        birthDate: date,
        birthPlace: text(1, 30),
        citizenship: digits(3),
        phone: text(1, 20),
        email: text(3, 30),
        residence: address,
        identityDocument: rec<IdentityDocument>(
          { kindCode: digits(2), seriesNumber: text(1, 25), issuedOn: date },
          { issuedBy: text(1, 40), issuerCode: text(7, 7), expiresOn: date },
        ),
      },
    ),
  )
  .map(([n, d]) => ({ ...d, ...n }));
const individual: fc.Arbitrary<Individual> = rec<Individual>(
  { person: personDetails },
  { inn: innPerson, snils, position: text(1, 30), notaryStatus: status, authorityDocument },
);
const organization: fc.Arbitrary<Organization> = rec<Organization>(
  { name: text(1, 40), kpp },
  {
    inn: innLegal,
    ogrn,
    registrationNumber: text(1, 20),
    foundingDocument: text(1, 30),
    phone: text(1, 20),
    email: text(3, 30),
    notaryStatus: status,
    authorityDocument,
    address,
  },
);
const foreignOrganization: fc.Arbitrary<ForeignOrganization> = rec<ForeignOrganization>(
  { name: text(1, 40) },
  {
    inn: innLegal,
    kpp,
    accreditationNumber: text(11, 11),
    country: digits(3),
    registrarName: text(1, 30),
    registrationNumber: text(1, 20),
    taxpayerCode: text(1, 20),
    phone: text(1, 20),
    email: text(3, 30),
    countryAddress: text(1, 40),
    notaryStatus: status,
    actualAddress: address,
  },
);
const entrepreneur: fc.Arbitrary<Entrepreneur> = rec<Entrepreneur>(
  { ogrnip, inn: innPerson, snils, person: personDetails },
  { name: text(1, 40), notaryStatus: status, authorityDocument },
);
const acting: fc.Arbitrary<ActingWithoutPowerOfAttorney> = rec<ActingWithoutPowerOfAttorney>(
  { authority: fc.constantFrom('sole', 'joint') },
  {
    managementCompany: fc.record({ organization, individuals: fc.array(individual, { minLength: 1, maxLength: 2 }) }),
    individual,
    entrepreneur,
  },
);
const legalEntityParty: fc.Arbitrary<LegalEntityParty> = fc.record({
  organization,
  executiveIsManagementCompany: fc.boolean(),
  executiveIsPerson: fc.boolean(),
  executiveIsEntrepreneur: fc.boolean(),
  actingWithoutPowerOfAttorney: fc.array(acting, { minLength: 1, maxLength: 2 }),
});
const foreignEntityParty: fc.Arbitrary<ForeignEntityParty> = fc.record({
  organization: foreignOrganization,
  heads: fc.array(individual, { minLength: 1, maxLength: 2 }),
});
const personParty: fc.Arbitrary<PersonParty> = rec<PersonParty>(
  { snils, person: personDetails },
  {
    inn: innPerson,
    notaryStatus: status,
    legallyCapable: fc.boolean(),
    hasHandSigner: fc.boolean(),
    incapacityDocument: text(1, 30),
    legalRepresentative: acting,
  },
);

const principal: fc.Arbitrary<Principal> = fc
  .constantFrom<PrincipalType>('legalEntity', 'foreignEntity', 'entrepreneur', 'person')
  .chain((type): fc.Arbitrary<Principal> => {
    switch (type) {
      case 'legalEntity':
        return legalEntityParty.map((legalEntity) => ({ type, legalEntity }));
      case 'foreignEntity':
        return foreignEntityParty.map((foreignEntity) => ({ type, foreignEntity }));
      case 'entrepreneur':
        return entrepreneur.map((e) => ({ type, entrepreneur: e }));
      case 'person':
        return personParty.map((person) => ({ type, person }));
    }
  });
const REP_TYPES: RepresentativeType[] = ['legalEntity', 'entrepreneur', 'person', 'branch', 'foreignBranch'];
const representative: fc.Arbitrary<Representative> = fc
  .constantFrom(...REP_TYPES)
  .chain((type): fc.Arbitrary<Representative> => {
    switch (type) {
      case 'legalEntity':
        return organization.map((legalEntity) => ({ type, legalEntity }));
      case 'entrepreneur':
        return entrepreneur.map((e) => ({ type, entrepreneur: e }));
      case 'person':
        return individual.map((person) => ({ type, person }));
      case 'branch':
        return organization.map((branch) => ({ type, branch }));
      case 'foreignBranch':
        return foreignOrganization.map((foreignBranch) => ({ type, foreignBranch }));
    }
  });
const restriction: fc.Arbitrary<Restriction> = fc
  .tuple(
    rec<Restriction>(
      { id: fc.integer({ min: 1, max: 999 }), code: text(1, 20), name: text(1, 30) },
      { valueName: text(1, 30) },
    ),
    fc.oneof(
      text(1, 20).map((valueCode) => ({ valueCode })),
      text(1, 20).map((valueText) => ({ valueText })),
    ),
  )
  .map(([r, v]) => ({ ...r, ...v }));
const power: fc.Arbitrary<Power> = rec<Power>(
  { code: text(6, 30), name: text(1, 40), restrictions: fc.array(restriction, { maxLength: 2 }) },
  { mnemonic: text(6, 20) },
);
const notary: fc.Arbitrary<Notary> = fc.record({ position: text(1, 30), registryNumber: text(5, 13), name: fullName });
const actingNotary: fc.Arbitrary<Notary> = fc.record({
  position: text(1, 30),
  registryNumber: text(3, 8),
  name: fullName,
});
const notarization: fc.Arbitrary<NotaryCertification> = rec<NotaryCertification>(
  {
    place: text(1, 30),
    fee: fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), digits(2)).map(([i, f]) => `${i}.${f}`),
    notary,
    handSignatures: fc.array(
      fc.record({
        pdfHash: text(1, 20),
        image: text(1, 20),
        signatureHash: text(1, 20),
        signedAt: fc.integer({ min: 0, max: 2 ** 31 }).map(String),
        responsible: fullName,
      }),
      { minLength: 1, maxLength: 2 },
    ),
  },
  {
    feeBenefit: fc.integer({ min: 0, max: 99999 }).map(String),
    sendDocumentToEpgu: fc.boolean(),
    sendPowerToEpgu: fc.boolean(),
    sendApplicationToFnp: fc.boolean(),
    sendPowerToFnp: fc.boolean(),
    otherSystem: text(1, 30),
    otherIssueMethod: text(1, 30),
    extraInfo: text(1, 30),
    inscription: text(1, 30),
    actingNotary: actingNotary,
  },
);
const priorPrincipal: fc.Arbitrary<PriorPrincipal> = fc
  .constantFrom<PrincipalType>('legalEntity', 'foreignEntity', 'entrepreneur', 'person')
  .chain((type): fc.Arbitrary<PriorPrincipal> => {
    switch (type) {
      case 'legalEntity':
        return organization.map((legalEntity) => ({ type, legalEntity }));
      case 'foreignEntity':
        return foreignOrganization.map((foreignEntity) => ({ type, foreignEntity }));
      case 'entrepreneur':
        return entrepreneur.map((e) => ({ type, entrepreneur: e }));
      case 'person':
        return personParty.map((person) => ({ type, person }));
    }
  });
const prior: fc.Arbitrary<PriorPowerOfAttorney> = rec<PriorPowerOfAttorney>(
  {
    kindMark: fc.constantFrom('1', '2'),
    form: fc.constantFrom('electronic', 'paper'),
    issuedOn: fc.constant('1990-01-01'),
    validUntil: fc.constant('2099-12-31'),
    principals: fc.array(priorPrincipal, { maxLength: 2 }),
  },
  {
    otherGuid: guid,
    rootInternalNumber: text(1, 20),
    internalNumber: text(1, 20),
    rootNotaryNumber: text(1, 28),
    notaryNumber: text(1, 28),
    notary,
    actingNotary: actingNotary,
  },
);
const transferor: fc.Arbitrary<Transferor> = fc.constantFrom(...REP_TYPES).chain((type): fc.Arbitrary<Transferor> => {
  switch (type) {
    case 'legalEntity':
      return legalEntityParty.map((legalEntity) => ({ type, legalEntity }));
    case 'entrepreneur':
      return entrepreneur.map((e) => ({ type, entrepreneur: e }));
    case 'person':
      return rec<NonNullable<Transferor['person']>>(
        { inn: innPerson, snils, person: personDetails },
        { notaryStatus: status, hasHandSigner: fc.boolean(), handSigner: individual },
      ).map((person) => ({ type, person }));
    case 'branch':
      return fc.record({ organization, head: individual }).map((branch) => ({ type, branch }));
    case 'foreignBranch':
      return foreignEntityParty.map((foreignBranch) => ({ type, foreignBranch }));
  }
});

const header = rec<PowerOfAttorneyDocument>(
  {
    format: fc.constant('EMCHD_1'),
    fileId: text(1, 60),
    formFlags: fc.string({ unit: fc.constantFrom('0', '1'), minLength: 8, maxLength: 8 }),
    guid,
    internalNumber: text(1, 50),
    kind: fc.constantFrom('revocable', 'irrevocable'),
    redelegation: fc.constantFrom('none', 'once', 'successive'),
    taxAuthorities: fc.array(digits(4), { maxLength: 2 }),
    systemInfo: text(1, 60),
    representatives: fc.array(representative, { minLength: 1, maxLength: 2 }),
    jointExercise: fc.constantFrom('individual', 'joint'),
  },
  {
    taxFileId: text(1, 30),
    esiaOid: text(1, 30),
    otherInfo: text(1, 60),
    formCode: text(7, 7),
    additionalId: text(1, 50),
    notaryRegisterNumber: text(1, 28),
    internalRegisteredOn: date,
    taxAuthority: digits(4),
    irrevocability: rec<IrrevocabilityTerms>(
      { transferWithoutPowerOfAttorney: fc.constantFrom('1', '2'), revocationCondition: fc.constantFrom('1', '2') },
      { conditionText: text(1, 40) },
    ),
    powersLostOnRedelegation: fc.constantFrom('1', '2'),
    notarization,
  },
);
const dates = fc
  .tuple(date, date)
  .map(([a, b]) => (a <= b ? { issuedOn: a, validUntil: b } : { issuedOn: b, validUntil: a }));
const powers = fc.oneof(
  fc
    .tuple(text(1, 200), fc.array(power, { maxLength: 2 }))
    .map(([powersText, p]) => ({ powersType: 'text' as const, powersText, powers: p })),
  fc.tuple(opt(text(1, 100)), fc.array(power, { minLength: 1, maxLength: 3 })).map(([t, p]) => ({
    powersType: 'machine' as const,
    ...(t === undefined ? {} : { powersText: t }),
    powers: p,
  })),
);

/** A schema-valid, consistent EMCHD_1 power of attorney (Довер). */
export const rootDocument: fc.Arbitrary<PowerOfAttorneyDocument> = fc
  .tuple(header, dates, powers, fc.array(principal, { minLength: 1, maxLength: 2 }))
  .map(([h, d, p, principals]) => ({ ...h, ...d, ...p, principals }));

/** A schema-valid, consistent EMCHD_1 re-delegation (Передов), with or without a parent block. */
export const redelegatedDocument: fc.Arbitrary<PowerOfAttorneyDocument> = fc
  .tuple(header, dates, powers, prior, opt(prior), guid, guid, fc.array(transferor, { minLength: 1, maxLength: 2 }))
  .filter(
    ([h, , , , , rootGuid, parentGuid]) =>
      new Set([h.guid, rootGuid, parentGuid].map((g) => (g ?? '').toLowerCase())).size === 3,
  )
  .map(([h, d, p, root, parent, rootGuid, parentGuid, transferors]) => ({
    ...h,
    ...d,
    ...p,
    principals: [],
    rootGuid,
    parentGuid: parent ? parentGuid : rootGuid,
    redelegated: { mark: '1' as const, root, ...(parent ? { parent } : {}), transferors },
  }));

/** Either kind of EMCHD_1 document. */
export const anyDocument = fc.oneof(rootDocument, redelegatedDocument);
