/**
 * Realistic example documents for tests, demos and clients: valid identifiers from seeded generators, so the same
 * seed always gives the same document.
 */
import {
  generateInnLegal,
  generateInnPerson,
  generateOgrn,
  generateOgrnip,
  generateSnils,
  seededRandom,
} from '@mchd/identifiers';
import type {
  Entrepreneur,
  ForeignOrganization,
  Individual,
  Organization,
  PersonDetails,
  Power,
  PowerOfAttorneyDocument,
  PowerOfAttorneyFormat,
  PriorPowerOfAttorney,
  PriorPrincipal,
  Principal,
  PrincipalType,
  RedelegationRight,
  Representative,
  RepresentativeType,
  Transferor,
} from './model.js';
import { projectTo002 } from './format002/format002.js';

/** Options of {@link examplePowerOfAttorney}. */
export interface ExampleOptions {
  /** Seed of the generator (default 1). */
  readonly seed?: number;
  readonly format?: PowerOfAttorneyFormat;
  readonly principalType?: PrincipalType;
  readonly representativeType?: RepresentativeType;
  /** The re-delegation right this document grants (default `once`). */
  readonly redelegation?: RedelegationRight;
  /** Make a re-delegation (Передов) of this parent: root and parent GUIDs, transferor from its representative. */
  readonly parent?: PowerOfAttorneyDocument;
  readonly issuedOn?: string;
  readonly validUntil?: string;
  readonly powers?: readonly Power[];
  readonly guid?: string;
}

type Random = () => number;

const LAST = ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Соколов', 'Попов', 'Лебедев', 'Козлов'];
const FIRST = ['Иван', 'Пётр', 'Алексей', 'Сергей', 'Дмитрий', 'Андрей', 'Михаил', 'Николай'];
const MIDDLE = ['Иванович', 'Петрович', 'Алексеевич', 'Сергеевич', 'Дмитриевич', 'Андреевич'];
const ORGS = ['ООО «Ромашка»', 'АО «Северный ветер»', 'ООО «Торговый дом „Восток“»', 'ПАО «Звезда & Ко»'];
const POSITIONS = ['Генеральный директор', 'Директор', 'Президент'];

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
const digits = (r: Random, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');

/**
 * A random GUID (version 4 form) from `random`.
 *
 * @example
 * ```ts
 * exampleGuid(seededRandom(1)); // the same GUID for the same seed
 * ```
 */
export function exampleGuid(random: Random): string {
  const h = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(random() * 4)]}${h(3)}-${h(12)}`;
}

const person = (r: Random, withDetails: boolean): PersonDetails => ({
  lastName: pick(r, LAST),
  firstName: pick(r, FIRST),
  middleName: pick(r, MIDDLE),
  ...(withDetails
    ? {
        sex: 'male' as const,
        citizenshipKind: 'russian' as const,
        birthDate: `19${60 + Math.floor(r() * 39)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
        birthPlace: 'г. Москва',
        citizenship: '643',
        identityDocument: {
          kindCode: '21',
          seriesNumber: `${digits(r, 2)} ${digits(r, 2)} ${digits(r, 6)}`,
          issuedOn: '2015-06-01',
          issuedBy: 'ГУ МВД России по г. Москве',
          issuerCode: `${digits(r, 3)}-${digits(r, 3)}`,
        },
      }
    : {}),
});

const organization = (r: Random): Organization => ({
  name: pick(r, ORGS),
  inn: generateInnLegal(r),
  kpp: `77${digits(r, 2)}01001`,
  ogrn: generateOgrn(r),
  address: { region: '77', text: `г. Москва, ул. Тверская, д. ${1 + Math.floor(r() * 40)}` },
});

const individual = (r: Random, position?: string): Individual => ({
  inn: generateInnPerson(r),
  snils: generateSnils(r),
  ...(position ? { position } : {}),
  person: person(r, true),
});

const entrepreneur = (r: Random): Entrepreneur => {
  const p = person(r, true);
  return {
    name: `ИП ${p.lastName} ${p.firstName} ${p.middleName}`,
    ogrnip: generateOgrnip(r),
    inn: generateInnPerson(r),
    snils: generateSnils(r),
    person: p,
  };
};

const foreignOrganization = (r: Random): ForeignOrganization => ({
  name: 'Nordic Trade AB',
  inn: generateInnLegal(r),
  kpp: `77${digits(r, 2)}51001`,
  accreditationNumber: `20${digits(r, 9)}`,
  country: '752',
  registrationNumber: `SE${digits(r, 10)}`,
});

function principal(r: Random, type: PrincipalType): Principal {
  switch (type) {
    case 'legalEntity':
      return {
        type,
        legalEntity: {
          organization: organization(r),
          executiveIsManagementCompany: false,
          executiveIsPerson: true,
          executiveIsEntrepreneur: false,
          actingWithoutPowerOfAttorney: [{ authority: 'sole', individual: individual(r, pick(r, POSITIONS)) }],
        },
      };
    case 'foreignEntity':
      return {
        type,
        foreignEntity: { organization: foreignOrganization(r), heads: [individual(r, 'Глава представительства')] },
      };
    case 'entrepreneur':
      return { type, entrepreneur: entrepreneur(r) };
    case 'person': {
      const i = individual(r);
      return { type, person: { inn: i.inn, snils: i.snils as string, person: i.person } };
    }
  }
}

function representative(r: Random, type: RepresentativeType): Representative {
  switch (type) {
    case 'legalEntity':
      return { type, legalEntity: organization(r) };
    case 'entrepreneur':
      return { type, entrepreneur: entrepreneur(r) };
    case 'person':
      return { type, person: individual(r, 'Главный бухгалтер') };
    case 'branch':
      return { type, branch: { ...organization(r), name: 'Филиал «Северо-Западный»' } };
    case 'foreignBranch':
      return { type, foreignBranch: foreignOrganization(r) };
  }
}

/** The classifier powers examples use: signing documents of a kind, and submitting tax reports. */
export const EXAMPLE_POWERS: readonly Power[] = [
  {
    code: 'KLASS_2.0_SIGN',
    mnemonic: 'SIGN_DOCS',
    name: 'Подписание документов',
    restrictions: [{ id: 1, code: 'LIM_01', name: 'Вид документа', valueName: 'УПД', valueCode: 'UPD' }],
  },
  { code: '02.001', name: 'Представление налоговой отчётности', restrictions: [] },
];

const addYears = (date: string, years: number): string => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

const prior = (d: PowerOfAttorneyDocument): PriorPowerOfAttorney => ({
  kindMark: '1',
  form: 'electronic',
  issuedOn: d.issuedOn,
  validUntil: d.validUntil,
  ...(d.internalNumber ? { internalNumber: d.internalNumber } : {}),
  principals: d.principals.map(
    (p): PriorPrincipal => ({
      type: p.type,
      ...(p.legalEntity ? { legalEntity: p.legalEntity.organization } : {}),
      ...(p.foreignEntity ? { foreignEntity: p.foreignEntity.organization } : {}),
      ...(p.entrepreneur ? { entrepreneur: p.entrepreneur } : {}),
      ...(p.person ? { person: p.person } : {}),
    }),
  ),
});

function transferor(rep: Representative): Transferor {
  switch (rep.type) {
    case 'person': {
      const i = rep.person as Individual;
      return { type: 'person', person: { inn: i.inn ?? '', snils: i.snils ?? '', person: i.person } };
    }
    case 'legalEntity':
      return {
        type: 'legalEntity',
        legalEntity: {
          organization: rep.legalEntity as Organization,
          executiveIsManagementCompany: false,
          executiveIsPerson: true,
          executiveIsEntrepreneur: false,
          actingWithoutPowerOfAttorney: [],
        },
      };
    case 'entrepreneur':
      return { type: 'entrepreneur', entrepreneur: rep.entrepreneur as Entrepreneur };
    case 'branch':
      return {
        type: 'branch',
        branch: {
          organization: rep.branch as Organization,
          head: { person: { lastName: 'Орлов', firstName: 'Олег' } },
        },
      };
    case 'foreignBranch':
      return {
        type: 'foreignBranch',
        foreignBranch: { organization: rep.foreignBranch as ForeignOrganization, heads: [] },
      };
  }
}

/**
 * A realistic, valid power of attorney model (EMCHD_1 unless `format: '002'`).
 *
 * @example
 * ```ts
 * const root = examplePowerOfAttorney({ seed: 7, redelegation: 'successive' });
 * const child = examplePowerOfAttorney({ seed: 8, parent: root });
 * const bytes = buildPowerOfAttorneyXml(child);
 * ```
 */
export function examplePowerOfAttorney(options: ExampleOptions = {}): PowerOfAttorneyDocument {
  const r = seededRandom(options.seed ?? 1);
  const parent = options.parent;
  const guid = options.guid ?? exampleGuid(r);
  const issuedOn = options.issuedOn ?? parent?.issuedOn ?? '2026-01-15';
  const validUntil = options.validUntil ?? parent?.validUntil ?? addYears(issuedOn, 1);
  const format = options.format ?? 'EMCHD_1';
  const is002 = format === '002';
  const principalType = options.principalType ?? 'legalEntity';
  const representativeType = options.representativeType ?? 'person';
  const rep = representative(r, representativeType);
  const powers = options.powers ?? EXAMPLE_POWERS;
  const base: PowerOfAttorneyDocument = {
    format,
    fileId: is002 ? `ON_DOVBB_${guid}` : `ON_EMCHD_${issuedOn.replace(/-/g, '')}_${guid}`,
    formFlags: is002 ? '00000000' : '00000000',
    guid,
    internalNumber: `${Math.floor(r() * 900) + 100}/${issuedOn.slice(0, 4)}`,
    kind: 'revocable',
    redelegation: options.redelegation ?? 'once',
    issuedOn,
    validUntil,
    taxAuthorities: [],
    systemInfo: is002 ? '' : `https://m4d.nalog.gov.ru/emchd/check-status?guid=${guid}`,
    principals: [],
    representatives: [rep],
    powersType: 'machine',
    jointExercise: 'individual',
    powers: is002 ? powers.map((p) => ({ code: p.code, name: p.name, restrictions: [] })) : powers,
  };
  if (!parent) {
    const doc = { ...base, principals: [principal(r, principalType)] };
    return is002 ? projectTo002(doc) : doc;
  }
  const parentIsRoot = !parent.redelegated;
  const rootGuid = parentIsRoot ? parent.guid : parent.rootGuid;
  const rootBlock = parentIsRoot ? prior(parent) : (parent.redelegated?.root as PriorPowerOfAttorney);
  const from = parent.representatives[0] as Representative;
  return {
    ...base,
    ...(rootGuid ? { rootGuid } : {}),
    ...(parent.guid ? { parentGuid: parentIsRoot ? rootGuid : parent.guid } : {}),
    redelegated: {
      mark: '1',
      root: rootBlock,
      ...(parentIsRoot ? {} : { parent: prior(parent) }),
      transferors: [transferor(from)],
    },
  };
}
