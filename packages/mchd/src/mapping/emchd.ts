/**
 * The EMCHD_1 mapping of the whole document: `Доверенность` ⇄ {@link PowerOfAttorneyDocument}. Runs on trees the
 * schema validator accepted, so required parts are known to be present.
 */
import { formatSnilsForXml, normalizeSnils } from '@mchd/identifiers';
import type {
  HandSignature,
  NotaryParticipantStatus,
  NotaryCertification,
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
} from '../model.js';
import type { XmlElement } from '../xml/tree.js';
import type { OutElement } from '../xml/write.js';
import { attr, child, children, childText, Codes, compact, E, flag, req, T, unflag } from './nodes.js';
import {
  readEntrepreneur,
  readForeignEntityParty,
  readForeignOrganization,
  readFullName,
  readIndividual,
  readLegalEntityParty,
  readNotary,
  readOrganization,
  readPersonDetails,
  readPersonParty,
  writeEntrepreneur,
  writeForeignEntityParty,
  writeForeignOrganization,
  writeFullName,
  writeIndividual,
  writeLegalEntityParty,
  writeNotary,
  writeOrganization,
  writePersonDetails,
  writePersonParty,
} from './parties.js';

/** The EMCHD_1 namespace. */
export const EMCHD_NAMESPACE = 'urn://x-artefacts/EMCHD_1';

export const KIND = new Codes<PowerOfAttorneyDocument['kind']>([
  ['1', 'revocable'],
  ['2', 'irrevocable'],
]);
export const REDELEGATION = new Codes<PowerOfAttorneyDocument['redelegation']>([
  ['1', 'none'],
  ['2', 'once'],
  ['3', 'successive'],
]);
export const PRINCIPAL_TYPE = new Codes<PrincipalType>([
  ['1', 'legalEntity'],
  ['2', 'foreignEntity'],
  ['3', 'entrepreneur'],
  ['4', 'person'],
]);
export const REPRESENTATIVE_TYPE = new Codes<RepresentativeType>([
  ['1', 'legalEntity'],
  ['2', 'entrepreneur'],
  ['3', 'person'],
  ['4', 'branch'],
  ['5', 'foreignBranch'],
]);
const POWERS_TYPE = new Codes<PowerOfAttorneyDocument['powersType']>([
  ['0', 'text'],
  ['1', 'machine'],
]);
const JOINT = new Codes<PowerOfAttorneyDocument['jointExercise']>([
  ['1', 'individual'],
  ['2', 'joint'],
]);
const FORM = new Codes<PriorPowerOfAttorney['form']>([
  ['1', 'electronic'],
  ['2', 'paper'],
]);

// СвДоверит
function readPrincipal(el: XmlElement): Principal {
  const d = child(el, 'Доверит') as XmlElement;
  const le = child(d, 'РосОргДовер');
  const fe = child(d, 'ИнОргДовер');
  const ip = child(d, 'ИПДовер');
  const fl = child(d, 'ФЛДовер');
  return compact({
    type: PRINCIPAL_TYPE.read(req(el, 'ТипДоверит')),
    legalEntity: le && readLegalEntityParty(le),
    foreignEntity: fe && readForeignEntityParty(fe),
    entrepreneur: ip && readEntrepreneur(ip),
    person: fl && readPersonParty(fl),
  });
}
const writePrincipal = (p: Principal): OutElement =>
  E('СвДоверит', { ТипДоверит: PRINCIPAL_TYPE.write(p.type) }, [
    E('Доверит', {}, [
      p.legalEntity && writeLegalEntityParty('РосОргДовер', p.legalEntity),
      p.foreignEntity && writeForeignEntityParty('ИнОргДовер', p.foreignEntity),
      p.entrepreneur && writeEntrepreneur('ИПДовер', p.entrepreneur),
      p.person && writePersonParty('ФЛДовер', p.person),
    ]),
  ]);

// СвУпПредТип
function readRepresentative(el: XmlElement): Representative {
  const p = child(el, 'Пред') as XmlElement;
  const org = child(p, 'СведОрг');
  const ip = child(p, 'СведИП');
  const fl = child(p, 'СведФизЛ');
  const branch = child(p, 'СведФилиал');
  const io = child(p, 'СведИО');
  return compact({
    type: REPRESENTATIVE_TYPE.read(req(el, 'ТипПред')),
    legalEntity: org && readOrganization(org),
    entrepreneur: ip && readEntrepreneur(ip),
    person: fl && readIndividual(fl),
    branch: branch && readOrganization(branch),
    foreignBranch: io && readForeignOrganization(io),
  });
}
const writeRepresentative = (name: string, r: Representative): OutElement =>
  E(name, { ТипПред: REPRESENTATIVE_TYPE.write(r.type) }, [
    E('Пред', {}, [
      r.legalEntity && writeOrganization('СведОрг', r.legalEntity),
      r.entrepreneur && writeEntrepreneur('СведИП', r.entrepreneur),
      r.person && writeIndividual('СведФизЛ', r.person),
      r.branch && writeOrganization('СведФилиал', r.branch),
      r.foreignBranch && writeForeignOrganization('СведИО', r.foreignBranch),
    ]),
  ]);

// МашПолн / ОгрСвПолн
const readRestriction = (el: XmlElement): Restriction =>
  compact({
    id: Number(req(el, 'ИдОгр').trim()),
    code: req(el, 'КодОгр'),
    name: req(el, 'НаимОгр'),
    valueName: attr(el, 'НаимЗначОгр'),
    valueCode: childText(el, 'КодЗначОгр'),
    valueText: childText(el, 'ТексЗначОгр'),
  });
const writeRestriction = (r: Restriction): OutElement =>
  E('ОгрСвПолн', { ИдОгр: String(r.id), КодОгр: r.code, НаимОгр: r.name, НаимЗначОгр: r.valueName }, [
    T('КодЗначОгр', r.valueCode),
    T('ТексЗначОгр', r.valueText),
  ]);
const readPower = (el: XmlElement): Power =>
  compact({
    code: req(el, 'КодПолн'),
    mnemonic: attr(el, 'МнПолн'),
    name: req(el, 'НаимПолн'),
    restrictions: children(el, 'ОгрСвПолн').map(readRestriction),
  });
const writePower = (p: Power): OutElement =>
  E('МашПолн', { МнПолн: p.mnemonic, КодПолн: p.code, НаимПолн: p.name }, [p.restrictions.map(writeRestriction)]);

// СвНотУдТип
const readHandSignature = (el: XmlElement): HandSignature => ({
  pdfHash: childText(el, 'ХешPDFДок') ?? '',
  image: childText(el, 'ПодпИзобр') ?? '',
  signatureHash: childText(el, 'ХешПодп') ?? '',
  signedAt: childText(el, 'ДатаВремПодп') ?? '',
  responsible: readFullName(child(el, 'ФИООтв') as XmlElement),
});
const writeHandSignature = (h: HandSignature): OutElement =>
  E('ПодпРукопис', {}, [
    T('ХешPDFДок', h.pdfHash),
    T('ПодпИзобр', h.image),
    T('ХешПодп', h.signatureHash),
    T('ДатаВремПодп', h.signedAt),
    writeFullName('ФИООтв', h.responsible),
  ]);
function readNotarization(el: XmlElement): NotaryCertification {
  const acting = child(el, 'ВриоНот');
  return compact({
    place: req(el, 'МестоДовер'),
    fee: req(el, 'УплНотДейст'),
    feeBenefit: attr(el, 'ЛьготаСум'),
    sendDocumentToEpgu: flag(attr(el, 'НапрДокДовЕПГУ')),
    sendPowerToEpgu: flag(attr(el, 'НапрДокПовЕПГУ')),
    sendApplicationToFnp: flag(attr(el, 'НапрДокЗвлФНП')),
    sendPowerToFnp: flag(attr(el, 'НапрДокПовФНП')),
    otherSystem: attr(el, 'ДрИнфСист'),
    otherIssueMethod: attr(el, 'ДрСпосВыд'),
    extraInfo: attr(el, 'ДопСвНотДовер'),
    inscription: childText(el, 'ИнСвУдНадпис'),
    notary: readNotary(child(el, 'СвНотДейств') as XmlElement, 'ФИОНотДейств'),
    handSignatures: children(el, 'ПодпРукопис').map(readHandSignature),
    actingNotary: acting && readNotary(acting, 'ФИОВриоНот'),
  });
}
const writeNotarization = (n: NotaryCertification | undefined): OutElement | undefined =>
  n &&
  E(
    'СвНотУд',
    {
      МестоДовер: n.place,
      НапрДокДовЕПГУ: unflag(n.sendDocumentToEpgu),
      НапрДокПовЕПГУ: unflag(n.sendPowerToEpgu),
      НапрДокЗвлФНП: unflag(n.sendApplicationToFnp),
      НапрДокПовФНП: unflag(n.sendPowerToFnp),
      УплНотДейст: n.fee,
      ЛьготаСум: n.feeBenefit,
      ДрИнфСист: n.otherSystem,
      ДрСпосВыд: n.otherIssueMethod,
      ДопСвНотДовер: n.extraInfo,
    },
    [
      T('ИнСвУдНадпис', n.inscription),
      writeNotary('СвНотДейств', 'ФИОНотДейств', n.notary),
      n.handSignatures.map(writeHandSignature),
      writeNotary('ВриоНот', 'ФИОВриоНот', n.actingNotary),
    ],
  );

// СвПервДоверТип
function readPriorPrincipal(el: XmlElement): PriorPrincipal {
  const d = child(el, 'ДоверитПерв') as XmlElement;
  const le = child(d, 'РосОргДовер');
  const fe = child(d, 'ИнОргДовер');
  const ip = child(d, 'ИПДовер');
  const fl = child(d, 'ФЛДовер');
  return compact({
    type: PRINCIPAL_TYPE.read(req(el, 'ТипДоверит')),
    legalEntity: le && readOrganization(le),
    foreignEntity: fe && readForeignOrganization(fe),
    entrepreneur: ip && readEntrepreneur(ip),
    person: fl && readPersonParty(fl),
  });
}
const writePriorPrincipal = (p: PriorPrincipal): OutElement =>
  E('СвДоверПерв', { ТипДоверит: PRINCIPAL_TYPE.write(p.type) }, [
    E('ДоверитПерв', {}, [
      p.legalEntity && writeOrganization('РосОргДовер', p.legalEntity),
      p.foreignEntity && writeForeignOrganization('ИнОргДовер', p.foreignEntity),
      p.entrepreneur && writeEntrepreneur('ИПДовер', p.entrepreneur),
      p.person && writePersonParty('ФЛДовер', p.person),
    ]),
  ]);

/** `isRoot`: the block's own GUID is НомДоверПерв (root) or НомДоверN (parent). */
function readPrior(el: XmlElement, isRoot: boolean): { prior: PriorPowerOfAttorney; guid: string | undefined } {
  const notary = child(el, 'СвНотДейств');
  const acting = child(el, 'ВриоНот');
  const prior = compact({
    kindMark: req(el, 'ПрДовер') as '1' | '2',
    form: FORM.read(req(el, 'ФормДовер')),
    issuedOn: req(el, 'ДатаВыдДовер'),
    validUntil: req(el, 'СрокДейст'),
    otherGuid: attr(el, isRoot ? 'НомДоверN' : 'НомДоверПерв'),
    rootInternalNumber: attr(el, 'ВнНомДоверПерв'),
    internalNumber: attr(el, 'ВнНомДоверN'),
    rootNotaryNumber: attr(el, 'НомРНДПерв'),
    notaryNumber: attr(el, 'НомРНДN'),
    principals: children(el, 'СвДоверПерв').map(readPriorPrincipal),
    notary: notary && readNotary(notary, 'ФИОНотДейств'),
    actingNotary: acting && readNotary(acting, 'ФИОВриоНот'),
  });
  return { prior, guid: attr(el, isRoot ? 'НомДоверПерв' : 'НомДоверN') };
}
const writePrior = (name: string, p: PriorPowerOfAttorney, guid: string | undefined, isRoot: boolean): OutElement =>
  E(
    name,
    {
      ПрДовер: p.kindMark,
      ФормДовер: FORM.write(p.form),
      ДатаВыдДовер: p.issuedOn,
      СрокДейст: p.validUntil,
      ВнНомДоверПерв: p.rootInternalNumber,
      ВнНомДоверN: p.internalNumber,
      НомДоверПерв: isRoot ? guid : p.otherGuid,
      НомДоверN: isRoot ? p.otherGuid : guid,
      НомРНДПерв: p.rootNotaryNumber,
      НомРНДN: p.notaryNumber,
    },
    [
      p.principals.map(writePriorPrincipal),
      writeNotary('СвНотДейств', 'ФИОНотДейств', p.notary),
      writeNotary('ВриоНот', 'ФИОВриоНот', p.actingNotary),
    ],
  );

// СвПередПолн
function readTransferor(el: XmlElement): Transferor {
  const p = child(el, 'ПередПолн') as XmlElement;
  const le = child(p, 'РосОргПерПолн');
  const ip = child(p, 'ИППерПолн');
  const fl = child(p, 'ФЛПерПолн');
  const fil = child(p, 'ФилПерПолн');
  const io = child(p, 'ИнПерПолн');
  const handSigner = fl && child(fl, 'СведРукоп');
  return compact({
    type: REPRESENTATIVE_TYPE.read(req(el, 'ТипПерПолн')),
    legalEntity: le && readLegalEntityParty(le),
    entrepreneur: ip && readEntrepreneur(ip),
    person:
      fl &&
      compact({
        inn: req(fl, 'ИННФЛ'),
        snils: normalizeSnils(req(fl, 'СНИЛС')) ?? req(fl, 'СНИЛС'),
        notaryStatus: attr(fl, 'СтУчНД') as NotaryParticipantStatus | undefined,
        hasHandSigner: flag(attr(fl, 'ПрНалРук')),
        handSigner: handSigner && readIndividual(handSigner),
        person: readPersonDetails(child(fl, 'СведФЛ') as XmlElement),
      }),
    branch: fil && {
      organization: readOrganization(child(fil, 'СвФил') as XmlElement),
      head: readIndividual(child(fil, 'СвРукФил') as XmlElement),
    },
    foreignBranch: io && readForeignEntityParty(io),
  });
}
const writeTransferor = (t: Transferor): OutElement =>
  E('СвПередПолн', { ТипПерПолн: REPRESENTATIVE_TYPE.write(t.type) }, [
    E('ПередПолн', {}, [
      t.legalEntity && writeLegalEntityParty('РосОргПерПолн', t.legalEntity),
      t.entrepreneur && writeEntrepreneur('ИППерПолн', t.entrepreneur),
      t.person &&
        E(
          'ФЛПерПолн',
          {
            СтУчНД: t.person.notaryStatus,
            ПрНалРук: unflag(t.person.hasHandSigner),
            ИННФЛ: t.person.inn,
            СНИЛС: formatSnilsForXml(t.person.snils),
          },
          [
            t.person.handSigner && writeIndividual('СведРукоп', t.person.handSigner),
            writePersonDetails('СведФЛ', t.person.person),
          ],
        ),
      t.branch &&
        E('ФилПерПолн', {}, [
          writeOrganization('СвФил', t.branch.organization),
          writeIndividual('СвРукФил', t.branch.head),
        ]),
      t.foreignBranch && writeForeignEntityParty('ИнПерПолн', t.foreignBranch),
    ]),
  ]);

// СвДовТип
type DocInfo = Pick<
  PowerOfAttorneyDocument,
  | 'guid'
  | 'internalNumber'
  | 'additionalId'
  | 'notaryRegisterNumber'
  | 'internalRegisteredOn'
  | 'kind'
  | 'redelegation'
  | 'issuedOn'
  | 'validUntil'
  | 'taxAuthority'
  | 'taxAuthorities'
  | 'systemInfo'
  | 'irrevocability'
>;
function readDocInfo(el: XmlElement): DocInfo {
  const irr = child(el, 'Безотзыв');
  return compact({
    guid: attr(el, 'НомДовер'),
    internalNumber: req(el, 'ВнНомДовер'),
    additionalId: attr(el, 'ДопИдДовер'),
    notaryRegisterNumber: attr(el, 'НомРНДДовер'),
    internalRegisteredOn: attr(el, 'ДатаВнРегДовер'),
    kind: KIND.read(req(el, 'ВидДовер')),
    redelegation: REDELEGATION.read(req(el, 'ПрПередов')),
    issuedOn: req(el, 'ДатаВыдДовер'),
    validUntil: req(el, 'СрокДейст'),
    taxAuthority: attr(el, 'КодНО'),
    taxAuthorities: children(el, 'КодНОДейст').map((c) => c.text),
    systemInfo: childText(el, 'СведСист') ?? '',
    irrevocability:
      irr &&
      compact({
        transferWithoutPowerOfAttorney: req(irr, 'ПрПерБезДов') as '1' | '2',
        revocationCondition: req(irr, 'УслОтзыва') as '1' | '2',
        conditionText: childText(irr, 'ОписУслОт'),
      }),
  });
}
const writeDocInfo = (name: string, d: PowerOfAttorneyDocument): OutElement =>
  E(
    name,
    {
      ВидДовер: KIND.write(d.kind),
      ПрПередов: REDELEGATION.write(d.redelegation),
      ВнНомДовер: d.internalNumber,
      НомДовер: d.guid,
      НомРНДДовер: d.notaryRegisterNumber,
      ДопИдДовер: d.additionalId,
      ДатаВнРегДовер: d.internalRegisteredOn,
      ДатаВыдДовер: d.issuedOn,
      СрокДейст: d.validUntil,
      КодНО: d.taxAuthority,
    },
    [
      d.taxAuthorities.map((c) => T('КодНОДейст', c) as OutElement),
      T('СведСист', d.systemInfo),
      d.irrevocability &&
        E(
          'Безотзыв',
          {
            ПрПерБезДов: d.irrevocability.transferWithoutPowerOfAttorney,
            УслОтзыва: d.irrevocability.revocationCondition,
          },
          [T('ОписУслОт', d.irrevocability.conditionText)],
        ),
    ],
  );

type PowersPart = Pick<
  PowerOfAttorneyDocument,
  'powersType' | 'jointExercise' | 'powersLostOnRedelegation' | 'powersText' | 'powers'
>;
const readPowers = (el: XmlElement): PowersPart =>
  compact({
    powersType: POWERS_TYPE.read(req(el, 'ТипПолн')),
    jointExercise: JOINT.read(req(el, 'ПрСовмПолн')),
    powersLostOnRedelegation: attr(el, 'ПрУтрПолн') as '1' | '2' | undefined,
    powersText: childText(el, 'ТекстПолн'),
    powers: children(el, 'МашПолн').map(readPower),
  });
const writePowers = (d: PowerOfAttorneyDocument): OutElement =>
  E(
    'СвПолн',
    {
      ТипПолн: POWERS_TYPE.write(d.powersType),
      ПрСовмПолн: JOINT.write(d.jointExercise),
      ПрУтрПолн: d.powersLostOnRedelegation,
    },
    [T('ТекстПолн', d.powersText), d.powers.map(writePower)],
  );

/**
 * Maps a schema-valid `Доверенность` tree to the model.
 *
 * @example
 * ```ts
 * const doc = readEmchd(root);
 * ```
 */
export function readEmchd(root: XmlElement): PowerOfAttorneyDocument {
  const documentEl = child(root, 'Документ') as XmlElement;
  const header = {
    format: 'EMCHD_1' as const,
    fileId: req(root, 'ИдФайл'),
    taxFileId: attr(root, 'ИдФайлНО'),
    esiaOid: attr(root, 'OID'),
    formFlags: req(root, 'ПрЭлФорм'),
    otherInfo: childText(root, 'ИнСвед'),
    formCode: attr(documentEl, 'КНД'),
  };
  const poa = child(documentEl, 'Довер');
  if (poa) {
    const notarization = child(poa, 'СвНотУд');
    return compact({
      ...header,
      ...readDocInfo(child(poa, 'СвДов') as XmlElement),
      principals: children(poa, 'СвДоверит').map(readPrincipal),
      representatives: children(poa, 'СвУпПред').map((r) => readRepresentative(r)),
      ...readPowers(child(poa, 'СвПолн') as XmlElement),
      notarization: notarization && readNotarization(notarization),
    });
  }
  const re = child(documentEl, 'Передов') as XmlElement;
  const root1 = readPrior(child(re, 'СвПервДовер') as XmlElement, true);
  const parentEl = child(re, 'СвПередов');
  const parent = parentEl && readPrior(parentEl, false);
  const notarization = child(re, 'СвНотУд');
  return compact({
    ...header,
    ...readDocInfo(child(re, 'СвПереДовер') as XmlElement),
    principals: [],
    representatives: children(re, 'СвПолучПолн').map((r) => readRepresentative(r)),
    ...readPowers(child(re, 'СвПолн') as XmlElement),
    notarization: notarization && readNotarization(notarization),
    rootGuid: root1.guid,
    parentGuid: parent ? parent.guid : root1.guid,
    redelegated: compact({
      mark: req(re, 'ПрНалПередов') as '0' | '1',
      root: root1.prior,
      parent: parent?.prior,
      transferors: children(re, 'СвПередПолн').map(readTransferor),
    }),
  });
}

/**
 * Maps the model to an output tree of `Доверенность` (the namespace is added by the writer).
 *
 * @example
 * ```ts
 * const tree = writeEmchd(doc);
 * ```
 */
export function writeEmchd(d: PowerOfAttorneyDocument): OutElement {
  const r = d.redelegated;
  const body = r
    ? E('Передов', { ПрНалПередов: r.mark }, [
        writePrior('СвПервДовер', r.root, d.rootGuid, true),
        r.parent && writePrior('СвПередов', r.parent, d.parentGuid, false),
        writeDocInfo('СвПереДовер', d),
        r.transferors.map(writeTransferor),
        d.representatives.map((x) => writeRepresentative('СвПолучПолн', x)),
        writePowers(d),
        writeNotarization(d.notarization),
      ])
    : E('Довер', {}, [
        writeDocInfo('СвДов', d),
        d.principals.map(writePrincipal),
        d.representatives.map((x) => writeRepresentative('СвУпПред', x)),
        writePowers(d),
        writeNotarization(d.notarization),
      ]);
  return E(
    'Доверенность',
    { ВерсФорм: 'EMCHD_1', ПрЭлФорм: d.formFlags, ИдФайл: d.fileId, ИдФайлНО: d.taxFileId, OID: d.esiaOid },
    [T('ИнСвед', d.otherInfo), E('Документ', { КНД: d.formCode }, [body])],
  );
}
