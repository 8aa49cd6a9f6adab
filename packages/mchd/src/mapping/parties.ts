/**
 * The mapping of the schema's reusable types (people, organizations, addresses, documents) between Russian XML
 * names and the English model. Each `readX` has its `writeX` beside it: one place per concept, both directions.
 */
import { formatSnilsForXml, normalizeSnils } from '@mchd/identifiers';
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
  LegalEntityParty,
  Notary,
  NotaryParticipantStatus,
  Organization,
  PersonDetails,
  PersonParty,
} from '../model.js';
import type { XmlElement } from '../xml/tree.js';
import type { OutElement } from '../xml/write.js';
import { attr, child, children, childText, Codes, compact, E, flag, req, T, unflag } from './nodes.js';

const snils = (v: string | undefined): string | undefined => (v === undefined ? undefined : (normalizeSnils(v) ?? v));
const snilsXml = (v: string | undefined): string | undefined => (v === undefined ? undefined : formatSnilsForXml(v));
const status = (el: XmlElement): NotaryParticipantStatus | undefined =>
  attr(el, 'СтУчНД') as NotaryParticipantStatus | undefined;

const SEX = new Codes<'male' | 'female'>([
  ['1', 'male'],
  ['2', 'female'],
]);
const CITIZENSHIP = new Codes<'russian' | 'foreign' | 'stateless'>([
  ['1', 'russian'],
  ['2', 'foreign'],
  ['3', 'stateless'],
]);

// ФИОТип
export const readFullName = (el: XmlElement): FullName =>
  compact({ lastName: req(el, 'Фамилия'), firstName: req(el, 'Имя'), middleName: attr(el, 'Отчество') });
export const writeFullName = (name: string, n: FullName): OutElement =>
  E(name, { Фамилия: n.lastName, Имя: n.firstName, Отчество: n.middleName });

// АдрТип
export const readAddress = (el: XmlElement): Address =>
  compact({
    region: req(el, 'Регион'),
    fiasId: attr(el, 'ИдФИАС'),
    text: childText(el, 'АдрРФ'),
    fiasText: childText(el, 'ФИАСАдрРФ'),
  });
export const writeAddress = (name: string, a: Address | undefined): OutElement | undefined =>
  a && E(name, { Регион: a.region, ИдФИАС: a.fiasId }, [T('АдрРФ', a.text), T('ФИАСАдрРФ', a.fiasText)]);

// ДокПдтвТип
export const readAuthorityDocument = (el: XmlElement): AuthorityDocument =>
  compact({
    name: attr(el, 'НаимДокПдтв'),
    issuedOn: attr(el, 'ДатаВыд'),
    issuedBy: attr(el, 'КемВыд'),
    details: attr(el, 'СвУдДок'),
  });
export const writeAuthorityDocument = (d: AuthorityDocument | undefined): OutElement | undefined =>
  d && E('ДокПдтв', { НаимДокПдтв: d.name, ДатаВыд: d.issuedOn, КемВыд: d.issuedBy, СвУдДок: d.details });

// УдЛичнФЛ
const readIdentityDocument = (el: XmlElement): IdentityDocument =>
  compact({
    kindCode: req(el, 'КодВидДок'),
    seriesNumber: req(el, 'СерНомДок'),
    issuedOn: req(el, 'ДатаДок'),
    issuedBy: attr(el, 'ВыдДок'),
    issuerCode: attr(el, 'КодВыдДок'),
    expiresOn: childText(el, 'expDate'),
  });
const writeIdentityDocument = (d: IdentityDocument | undefined): OutElement | undefined =>
  d &&
  E(
    'УдЛичнФЛ',
    {
      КодВидДок: d.kindCode,
      СерНомДок: d.seriesNumber,
      ДатаДок: d.issuedOn,
      ВыдДок: d.issuedBy,
      КодВыдДок: d.issuerCode,
    },
    [T('expDate', d.expiresOn)],
  );

// СведФЛТип
export function readPersonDetails(el: XmlElement): PersonDetails {
  const sex = attr(el, 'Пол');
  const citizenshipKind = attr(el, 'ПрГражд');
  const residence = child(el, 'АдрМЖ');
  const identity = child(el, 'УдЛичнФЛ');
  return compact({
    ...readFullName(child(el, 'ФИО') as XmlElement),
    sex: sex === undefined ? undefined : SEX.read(sex),
    citizenshipKind: citizenshipKind === undefined ? undefined : CITIZENSHIP.read(citizenshipKind),
    ernNumber: attr(el, 'НомЕРН'),
    birthDate: attr(el, 'ДатаРожд'),
    birthPlace: attr(el, 'МестоРожд'),
    citizenship: attr(el, 'Гражданство'),
    phone: attr(el, 'КонтактТлф'),
    email: attr(el, 'АдрЭлПочт'),
    residence: residence && readAddress(residence),
    identityDocument: identity && readIdentityDocument(identity),
  });
}
export const writePersonDetails = (name: string, p: PersonDetails): OutElement =>
  E(
    name,
    {
      Пол: p.sex && SEX.write(p.sex),
      ПрГражд: p.citizenshipKind && CITIZENSHIP.write(p.citizenshipKind),
      НомЕРН: p.ernNumber,
      ДатаРожд: p.birthDate,
      МестоРожд: p.birthPlace,
      Гражданство: p.citizenship,
      КонтактТлф: p.phone,
      АдрЭлПочт: p.email,
    },
    [writeFullName('ФИО', p), writeAddress('АдрМЖ', p.residence), writeIdentityDocument(p.identityDocument)],
  );

// СвФЛТип
export function readIndividual(el: XmlElement): Individual {
  const doc = child(el, 'ДокПдтв');
  return compact({
    inn: attr(el, 'ИННФЛ'),
    snils: snils(attr(el, 'СНИЛС')),
    position: attr(el, 'Должность'),
    notaryStatus: status(el),
    authorityDocument: doc && readAuthorityDocument(doc),
    person: readPersonDetails(child(el, 'СведФЛ') as XmlElement),
  });
}
export const writeIndividual = (name: string, i: Individual): OutElement =>
  E(name, { СтУчНД: i.notaryStatus, ИННФЛ: i.inn, СНИЛС: snilsXml(i.snils), Должность: i.position }, [
    writeAuthorityDocument(i.authorityDocument),
    writePersonDetails('СведФЛ', i.person),
  ]);

// СвОргТип
export function readOrganization(el: XmlElement): Organization {
  const doc = child(el, 'ДокПдтв');
  const address = child(el, 'АдрРег');
  return compact({
    name: req(el, 'НаимОрг'),
    inn: attr(el, 'ИННЮЛ'),
    kpp: req(el, 'КПП'),
    ogrn: attr(el, 'ОГРН'),
    registrationNumber: attr(el, 'РегНомер'),
    foundingDocument: attr(el, 'НаимУчрДок'),
    phone: attr(el, 'КонтактТлф'),
    email: attr(el, 'АдрЭлПочт'),
    notaryStatus: status(el),
    authorityDocument: doc && readAuthorityDocument(doc),
    address: address && readAddress(address),
  });
}
export const writeOrganization = (name: string, o: Organization): OutElement =>
  E(
    name,
    {
      СтУчНД: o.notaryStatus,
      НаимОрг: o.name,
      ИННЮЛ: o.inn,
      КПП: o.kpp,
      ОГРН: o.ogrn,
      РегНомер: o.registrationNumber,
      НаимУчрДок: o.foundingDocument,
      КонтактТлф: o.phone,
      АдрЭлПочт: o.email,
    },
    [writeAuthorityDocument(o.authorityDocument), writeAddress('АдрРег', o.address)],
  );

// СвИнОргТип
export function readForeignOrganization(el: XmlElement): ForeignOrganization {
  const address = child(el, 'АдрМНФакт');
  return compact({
    name: req(el, 'НаимИО'),
    inn: attr(el, 'ИННЮЛ'),
    kpp: attr(el, 'КПП'),
    accreditationNumber: attr(el, 'НЗА'),
    country: attr(el, 'СтрРег'),
    registrarName: attr(el, 'НаимРегОрг'),
    registrationNumber: attr(el, 'РегНомер'),
    taxpayerCode: attr(el, 'КодНПРег'),
    phone: attr(el, 'КонтактТлф'),
    email: attr(el, 'АдрЭлПочт'),
    countryAddress: attr(el, 'АдрСтрРег'),
    notaryStatus: status(el),
    actualAddress: address && readAddress(address),
  });
}
export const writeForeignOrganization = (name: string, o: ForeignOrganization): OutElement =>
  E(
    name,
    {
      СтУчНД: o.notaryStatus,
      НаимИО: o.name,
      ИННЮЛ: o.inn,
      КПП: o.kpp,
      НЗА: o.accreditationNumber,
      СтрРег: o.country,
      НаимРегОрг: o.registrarName,
      РегНомер: o.registrationNumber,
      КодНПРег: o.taxpayerCode,
      КонтактТлф: o.phone,
      АдрЭлПочт: o.email,
      АдрСтрРег: o.countryAddress,
    },
    [writeAddress('АдрМНФакт', o.actualAddress)],
  );

// СведИПТип
export function readEntrepreneur(el: XmlElement): Entrepreneur {
  const doc = child(el, 'ДокПдтв');
  return compact({
    name: attr(el, 'НаимИП'),
    ogrnip: req(el, 'ОГРНИП'),
    inn: req(el, 'ИННФЛ'),
    snils: snils(req(el, 'СНИЛС')) as string,
    notaryStatus: status(el),
    authorityDocument: doc && readAuthorityDocument(doc),
    person: readPersonDetails(child(el, 'СведФЛ') as XmlElement),
  });
}
export const writeEntrepreneur = (name: string, e: Entrepreneur): OutElement =>
  E(name, { СтУчНД: e.notaryStatus, НаимИП: e.name, ОГРНИП: e.ogrnip, ИННФЛ: e.inn, СНИЛС: snilsXml(e.snils) }, [
    writeAuthorityDocument(e.authorityDocument),
    writePersonDetails('СведФЛ', e.person),
  ]);

// ЛицоБезДовТип
const AUTHORITY = new Codes<'sole' | 'joint'>([
  ['1', 'sole'],
  ['2', 'joint'],
]);
export function readActing(el: XmlElement): ActingWithoutPowerOfAttorney {
  const company = child(el, 'СВЮЛ');
  const individual = child(el, 'СвФЛ');
  const entrepreneur = child(el, 'СвИП');
  return compact({
    authority: AUTHORITY.read(req(el, 'ПолнЮЛ')),
    managementCompany: company && {
      organization: readOrganization(child(company, 'СвЮЛЕИО') as XmlElement),
      individuals: children(company, 'СвФЛ').map(readIndividual),
    },
    individual: individual && readIndividual(individual),
    entrepreneur: entrepreneur && readEntrepreneur(entrepreneur),
  });
}
export const writeActing = (name: string, a: ActingWithoutPowerOfAttorney): OutElement =>
  E(name, { ПолнЮЛ: AUTHORITY.write(a.authority) }, [
    a.managementCompany &&
      E('СВЮЛ', {}, [
        writeOrganization('СвЮЛЕИО', a.managementCompany.organization),
        a.managementCompany.individuals.map((i) => writeIndividual('СвФЛ', i)),
      ]),
    a.individual && writeIndividual('СвФЛ', a.individual),
    a.entrepreneur && writeEntrepreneur('СвИП', a.entrepreneur),
  ]);

// РосОргДоверТип
export const readLegalEntityParty = (el: XmlElement): LegalEntityParty => ({
  organization: readOrganization(child(el, 'СвРосОрг') as XmlElement),
  executiveIsManagementCompany: req(el, 'ЕИОУК') === '1',
  executiveIsPerson: req(el, 'ЕИОФЛ') === '1',
  executiveIsEntrepreneur: req(el, 'ЕИОИП') === '1',
  actingWithoutPowerOfAttorney: children(el, 'ЛицоБезДов').map(readActing),
});
export const writeLegalEntityParty = (name: string, p: LegalEntityParty): OutElement =>
  E(
    name,
    {
      ЕИОУК: unflag(p.executiveIsManagementCompany),
      ЕИОФЛ: unflag(p.executiveIsPerson),
      ЕИОИП: unflag(p.executiveIsEntrepreneur),
    },
    [
      writeOrganization('СвРосОрг', p.organization),
      p.actingWithoutPowerOfAttorney.map((a) => writeActing('ЛицоБезДов', a)),
    ],
  );

// ИнОргДоверТип
export const readForeignEntityParty = (el: XmlElement): ForeignEntityParty => ({
  organization: readForeignOrganization(child(el, 'СвИнОрг') as XmlElement),
  heads: children(el, 'СвРукОП').map(readIndividual),
});
export const writeForeignEntityParty = (name: string, p: ForeignEntityParty): OutElement =>
  E(name, {}, [writeForeignOrganization('СвИнОрг', p.organization), p.heads.map((h) => writeIndividual('СвРукОП', h))]);

// ФЛДоверТип
export function readPersonParty(el: XmlElement): PersonParty {
  const rep = child(el, 'СвЗакПредРук');
  return compact({
    inn: attr(el, 'ИННФЛ'),
    snils: snils(req(el, 'СНИЛС')) as string,
    notaryStatus: status(el),
    legallyCapable: flag(attr(el, 'ПрДеесп')),
    hasHandSigner: flag(attr(el, 'ПрНалРук')),
    incapacityDocument: attr(el, 'ДокНедеесп'),
    person: readPersonDetails(child(el, 'СведФЛ') as XmlElement),
    legalRepresentative: rep && readActing(rep),
  });
}
export const writePersonParty = (name: string, p: PersonParty): OutElement =>
  E(
    name,
    {
      СтУчНД: p.notaryStatus,
      ПрДеесп: unflag(p.legallyCapable),
      ПрНалРук: unflag(p.hasHandSigner),
      ДокНедеесп: p.incapacityDocument,
      ИННФЛ: p.inn,
      СНИЛС: snilsXml(p.snils),
    },
    [
      writePersonDetails('СведФЛ', p.person),
      p.legalRepresentative && writeActing('СвЗакПредРук', p.legalRepresentative),
    ],
  );

// СвНотДействТип / ВриоНотТип
export const readNotary = (el: XmlElement, nameElement: string): Notary => ({
  position: req(el, 'Должность'),
  registryNumber: req(el, 'РегНомНот'),
  name: readFullName(child(el, nameElement) as XmlElement),
});
export const writeNotary = (name: string, nameElement: string, n: Notary | undefined): OutElement | undefined =>
  n && E(name, { Должность: n.position, РегНомНот: n.registryNumber }, [writeFullName(nameElement, n.name)]);
