/**
 * The 002 format ⇄ the same {@link PowerOfAttorneyDocument} model. Fields 002 does not carry take fixed values
 * when read (ПрЭлФорм `00000000`, empty СведСист, individual exercise), so that 002 documents built from such
 * models read back equal.
 */
import { formatSnilsForXml, normalizeSnils } from '@mchd/identifiers';
import { checkIdentifierAttribute, type DocumentPaths } from '../checks.js';
import type { FindingList } from '../findings.js';
import { attr, child, children, childText, Codes, compact, E, req, T } from '../mapping/nodes.js';
import type { Individual, PersonDetails, PowerOfAttorneyDocument, Principal, Representative } from '../model.js';
import { SchemaValidator } from '../schema/validate.js';
import { parseXmlTree, type XmlElement } from '../xml/tree.js';
import { writeXml, type OutElement } from '../xml/write.js';
import { FORMAT_002_SCHEMA } from './schema002.js';

const validator = new SchemaValidator(FORMAT_002_SCHEMA);

const KIND = new Codes<PowerOfAttorneyDocument['kind']>([
  ['1', 'revocable'],
  ['2', 'irrevocable'],
]);
const REDELEGATION = new Codes<PowerOfAttorneyDocument['redelegation']>([
  ['1', 'none'],
  ['2', 'once'],
  ['3', 'successive'],
]);

/** Where the document-level checks point in a 002 document. */
export const FORMAT_002_PATHS: DocumentPaths = {
  info: '/Файл/Документ/СвДов',
  body: '/Файл/Документ',
  principal: '/Файл/Документ/СвДоверит',
  representative: '/Файл/Документ/СвУпПред',
  powers: '/Файл/Документ/СвПолн',
  validUntilAttr: 'ДатаКонДовер',
};

/** Validates a 002 tree (structure, facets, identifier checksums). */
export function validate002(root: XmlElement, findings: FindingList): boolean {
  validator.validate(root, findings, checkIdentifierAttribute);
  return !findings.items.some((f) => f.code === 'MCHD_SCHEMA_VIOLATION');
}

const snils = (v: string | undefined): string | undefined => (v === undefined ? undefined : (normalizeSnils(v) ?? v));
const snilsXml = (v: string | undefined): string | undefined => (v === undefined ? undefined : formatSnilsForXml(v));

const readName = (el: XmlElement): PersonDetails => {
  const f = child(el, 'ФИО') as XmlElement;
  return compact({ lastName: req(f, 'Фамилия'), firstName: req(f, 'Имя'), middleName: attr(f, 'Отчество') });
};
const writeName = (p: PersonDetails): OutElement =>
  E('ФИО', { Фамилия: p.lastName, Имя: p.firstName, Отчество: p.middleName });

function readPrincipal(el: XmlElement): Principal {
  const d = child(el, 'Доверит') as XmlElement;
  const ul = child(d, 'ЮЛ');
  const ip = child(d, 'ИП');
  const fl = child(d, 'ФЛ');
  const signers: Individual[] = children(el, 'Подписант').map((s) =>
    compact({
      inn: attr(s, 'ИННФЛ'),
      snils: snils(attr(s, 'СНИЛС')),
      position: attr(s, 'Должность'),
      person: readName(s),
    }),
  );
  if (ul) {
    return {
      type: 'legalEntity',
      legalEntity: {
        organization: compact({
          name: req(ul, 'НаимОрг'),
          inn: req(ul, 'ИННЮЛ'),
          kpp: req(ul, 'КПП'),
          ogrn: attr(ul, 'ОГРН'),
        }),
        executiveIsManagementCompany: false,
        executiveIsPerson: true,
        executiveIsEntrepreneur: false,
        actingWithoutPowerOfAttorney: signers.map((individual) => ({ authority: 'sole' as const, individual })),
      },
    };
  }
  if (ip) {
    return {
      type: 'entrepreneur',
      entrepreneur: compact({
        name: attr(ip, 'НаимИП'),
        inn: req(ip, 'ИННФЛ'),
        ogrnip: req(ip, 'ОГРНИП'),
        snils: snils(req(ip, 'СНИЛС')) as string,
        person: readName(ip),
      }),
    };
  }
  const f = fl as XmlElement;
  return {
    type: 'person',
    person: compact({
      inn: attr(f, 'ИННФЛ'),
      snils: snils(req(f, 'СНИЛС')) as string,
      person: compact({ ...readName(f), birthDate: attr(f, 'ДатаРожд') }),
    }),
  };
}

function writePrincipal(p: Principal): OutElement {
  const le = p.legalEntity;
  if (p.type === 'legalEntity' && le) {
    const o = le.organization;
    return E('СвДоверит', { ТипДовер: 'ЮЛ' }, [
      E('Доверит', {}, [E('ЮЛ', { НаимОрг: o.name, ИННЮЛ: o.inn, КПП: o.kpp, ОГРН: o.ogrn })]),
      le.actingWithoutPowerOfAttorney
        .map((a) => a.individual)
        .filter((i): i is Individual => i !== undefined)
        .map((i) =>
          E('Подписант', { ИННФЛ: i.inn, СНИЛС: snilsXml(i.snils), Должность: i.position }, [writeName(i.person)]),
        ),
    ]);
  }
  if (p.type === 'entrepreneur' && p.entrepreneur) {
    const e = p.entrepreneur;
    return E('СвДоверит', { ТипДовер: 'ИП' }, [
      E('Доверит', {}, [
        E('ИП', { НаимИП: e.name, ИННФЛ: e.inn, ОГРНИП: e.ogrnip, СНИЛС: snilsXml(e.snils) }, [writeName(e.person)]),
      ]),
    ]);
  }
  if (p.type === 'person' && p.person) {
    const f = p.person;
    return E('СвДоверит', { ТипДовер: 'ФЛ' }, [
      E('Доверит', {}, [
        E('ФЛ', { ИННФЛ: f.inn, СНИЛС: snilsXml(f.snils), ДатаРожд: f.person.birthDate }, [writeName(f.person)]),
      ]),
    ]);
  }
  throw new RangeError(`format 002 has no principal of type ${p.type}`);
}

function readRepresentative(el: XmlElement): Representative {
  const org = child(el, 'СведОрг');
  const ip = child(el, 'СведИП');
  const fl = child(el, 'СведФизЛ');
  if (org) {
    return {
      type: 'legalEntity',
      legalEntity: compact({
        name: req(org, 'НаимОрг'),
        inn: req(org, 'ИННЮЛ'),
        kpp: req(org, 'КПП'),
        ogrn: attr(org, 'ОГРН'),
      }),
    };
  }
  if (ip) {
    return {
      type: 'entrepreneur',
      entrepreneur: compact({
        name: attr(ip, 'НаимИП'),
        inn: req(ip, 'ИННФЛ'),
        ogrnip: req(ip, 'ОГРНИП'),
        snils: snils(req(ip, 'СНИЛС')) as string,
        person: readName(ip),
      }),
    };
  }
  const f = fl as XmlElement;
  const id = child(f, 'УдЛичнФЛ');
  return {
    type: 'person',
    person: compact({
      inn: attr(f, 'ИННФЛ'),
      snils: snils(attr(f, 'СНИЛС')),
      position: attr(f, 'Должность'),
      person: compact({
        ...readName(f),
        birthDate: attr(f, 'ДатаРожд'),
        identityDocument:
          id &&
          compact({
            kindCode: req(id, 'КодВидДок'),
            seriesNumber: req(id, 'СерНомДок'),
            issuedOn: req(id, 'ДатаДок'),
            issuedBy: attr(id, 'ВыдДок'),
            issuerCode: attr(id, 'КодВыдДок'),
          }),
      }),
    }),
  };
}

function writeRepresentative(r: Representative): OutElement {
  if (r.type === 'legalEntity' && r.legalEntity) {
    const o = r.legalEntity;
    return E('СвУпПред', { ТипПред: 'ЮЛ' }, [
      E('СведОрг', { НаимОрг: o.name, ИННЮЛ: o.inn, КПП: o.kpp, ОГРН: o.ogrn }),
    ]);
  }
  if (r.type === 'entrepreneur' && r.entrepreneur) {
    const e = r.entrepreneur;
    return E('СвУпПред', { ТипПред: 'ИП' }, [
      E('СведИП', { НаимИП: e.name, ИННФЛ: e.inn, ОГРНИП: e.ogrnip, СНИЛС: snilsXml(e.snils) }, [writeName(e.person)]),
    ]);
  }
  if (r.type === 'person' && r.person) {
    const i = r.person;
    const id = i.person.identityDocument;
    return E('СвУпПред', { ТипПред: 'ФЛ' }, [
      E('СведФизЛ', { ИННФЛ: i.inn, СНИЛС: snilsXml(i.snils), ДатаРожд: i.person.birthDate, Должность: i.position }, [
        writeName(i.person),
        id &&
          E('УдЛичнФЛ', {
            КодВидДок: id.kindCode,
            СерНомДок: id.seriesNumber,
            ДатаДок: id.issuedOn,
            ВыдДок: id.issuedBy,
            КодВыдДок: id.issuerCode,
          }),
      ]),
    ]);
  }
  throw new RangeError(`format 002 has no representative of type ${r.type}`);
}

/**
 * Maps a validated 002 `Файл` tree to the model.
 *
 * @example
 * ```ts
 * const doc = read002(root);
 * ```
 */
export function read002(root: XmlElement): PowerOfAttorneyDocument {
  const d = child(root, 'Документ') as XmlElement;
  const info = child(d, 'СвДов') as XmlElement;
  const powers = child(d, 'СвПолн') as XmlElement;
  const machine = children(powers, 'МашПолн').map((p) => ({
    code: req(p, 'КодПолн'),
    name: req(p, 'НаимПолн'),
    restrictions: [],
  }));
  return compact({
    format: '002' as const,
    fileId: req(root, 'ИдФайл'),
    formFlags: '00000000',
    formCode: attr(d, 'КНД'),
    guid: req(info, 'НомДовер'),
    internalNumber: attr(info, 'ВнНомДовер') ?? '',
    kind: KIND.read(attr(info, 'ВидДовер') ?? '1'),
    redelegation: REDELEGATION.read(attr(info, 'ПрПередов') ?? '1'),
    issuedOn: req(info, 'ДатаВыдДовер'),
    validUntil: req(info, 'ДатаКонДовер'),
    taxAuthorities: [],
    systemInfo: '',
    principals: children(d, 'СвДоверит').map(readPrincipal),
    representatives: children(d, 'СвУпПред').map(readRepresentative),
    powersType: machine.length > 0 ? ('machine' as const) : ('text' as const),
    jointExercise: 'individual' as const,
    powersText: childText(powers, 'ТекстПолн'),
    powers: machine,
  });
}

/**
 * Maps the model to a 002 `Файл` tree. Parts 002 cannot carry (re-delegation, notarization, restrictions,
 * foreign parties) are refused with a RangeError.
 */
export function write002(doc: PowerOfAttorneyDocument): OutElement {
  if (doc.redelegated) throw new RangeError('format 002 has no re-delegation');
  return E('Файл', { ИдФайл: doc.fileId, ВерсФорм: '002' }, [
    E('Документ', { КНД: doc.formCode }, [
      E('СвДов', {
        НомДовер: doc.guid,
        ВнНомДовер: doc.internalNumber === '' ? undefined : doc.internalNumber,
        ДатаВыдДовер: doc.issuedOn,
        ДатаКонДовер: doc.validUntil,
        ВидДовер: KIND.write(doc.kind),
        ПрПередов: REDELEGATION.write(doc.redelegation),
      }),
      doc.principals.map(writePrincipal),
      doc.representatives.map(writeRepresentative),
      E('СвПолн', {}, [
        T('ТекстПолн', doc.powersText),
        doc.powers.map((p) => E('МашПолн', { КодПолн: p.code, НаимПолн: p.name })),
      ]),
    ]),
  ]);
}

/**
 * The part of `doc` that format 002 carries: what reading the 002 document built from `doc` gives back.
 *
 * @example
 * ```ts
 * const doc002 = projectTo002({ ...examplePowerOfAttorney(), format: '002' });
 * ```
 */
export function projectTo002(doc: PowerOfAttorneyDocument): PowerOfAttorneyDocument {
  const tree = parseXmlTree(writeXml(write002(doc), 'utf-8'));
  if (!tree.ok) throw new Error(tree.message);
  return read002(tree.root);
}
