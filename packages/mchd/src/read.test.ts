import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  buildPowerOfAttorneyXml,
  examplePowerOfAttorney,
  FINDING_CODES,
  inspectSummary,
  readPowerOfAttorney,
  type PowerOfAttorneyDocument,
  type PrincipalType,
  type RepresentativeType,
} from './index.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const codes = (bytes: Uint8Array, options = {}): string[] =>
  readPowerOfAttorney(bytes, options).errors.map((e) => e.code);
const rebuild = (doc: PowerOfAttorneyDocument, edit: (xml: string) => string): Uint8Array =>
  utf8(edit(text(buildPowerOfAttorneyXml(doc))));

const PRINCIPALS: PrincipalType[] = ['legalEntity', 'foreignEntity', 'entrepreneur', 'person'];
const REPRESENTATIVES: RepresentativeType[] = ['legalEntity', 'entrepreneur', 'person', 'branch', 'foreignBranch'];

describe('reading EMCHD_1', () => {
  it.each(PRINCIPALS)('reads, validates and round-trips a %s principal', (principalType) => {
    const doc = examplePowerOfAttorney({ seed: 11, principalType });
    const result = readPowerOfAttorney(buildPowerOfAttorneyXml(doc), { fileName: `${doc.fileId}.xml` });
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ valid: true, format: 'EMCHD_1' });
    expect(result.document).toEqual(doc);
    expect(result.document?.principals[0]?.type).toBe(principalType);
  });

  it.each(REPRESENTATIVES)('reads, validates and round-trips a %s representative', (representativeType) => {
    const doc = examplePowerOfAttorney({ seed: 12, representativeType });
    const result = readPowerOfAttorney(buildPowerOfAttorneyXml(doc, { encoding: 'windows-1251' }));
    expect(result.errors).toEqual([]);
    expect(result.document).toEqual(doc);
    expect(result.document?.representatives[0]?.type).toBe(representativeType);
  });

  it('reads a three-level re-delegation chain with root and parent GUIDs', () => {
    const root = examplePowerOfAttorney({ seed: 1, redelegation: 'successive' });
    const child = examplePowerOfAttorney({ seed: 2, parent: root, redelegation: 'successive' });
    const grandchild = examplePowerOfAttorney({ seed: 3, parent: child });
    const [r, c, g] = [root, child, grandchild].map((d) => readPowerOfAttorney(buildPowerOfAttorneyXml(d)));
    for (const [res, doc] of [
      [r, root],
      [c, child],
      [g, grandchild],
    ] as const) {
      expect(res?.errors).toEqual([]);
      expect(res?.document).toEqual(doc);
    }
    expect(c?.document?.rootGuid).toBe(root.guid);
    expect(c?.document?.parentGuid).toBe(root.guid);
    expect(c?.document?.redelegated?.parent).toBeUndefined();
    expect(g?.document?.rootGuid).toBe(root.guid);
    expect(g?.document?.parentGuid).toBe(child.guid);
    expect(text(buildPowerOfAttorneyXml(grandchild))).toContain(`НомДоверN="${child.guid}"`);
    expect(inspectSummary(g!)).toMatchObject({ rootGuid: root.guid, parentGuid: child.guid, guid: grandchild.guid });
  });

  it('decodes windows-1251 exactly and escapes what windows-1251 cannot hold', () => {
    const doc = examplePowerOfAttorney({
      seed: 5,
      powers: [{ code: 'KLASS_2.0_SIGN', name: 'Подпись € 😀 ё', restrictions: [] }],
    });
    const bytes = buildPowerOfAttorneyXml(doc, { encoding: 'windows-1251' });
    expect(Buffer.from(bytes).toString('latin1')).toContain('encoding="windows-1251"');
    expect(Buffer.from(bytes).includes(Buffer.from('&#128512;'))).toBe(true);
    const result = readPowerOfAttorney(bytes);
    expect(result.encoding).toBe('windows-1251');
    expect(result.document?.powers[0]?.name).toBe('Подпись € 😀 ё');
  });

  it('reports schema violations with the XML path', () => {
    const doc = examplePowerOfAttorney({ seed: 6 });
    const result = readPowerOfAttorney(rebuild(doc, (x) => x.replace(/ ВидДовер="1"/, ' ВидДовер="5"')));
    expect(result.valid).toBe(false);
    expect(result.document).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'MCHD_SCHEMA_VIOLATION', path: '/Доверенность/Документ/Довер/СвДов/@ВидДовер' }),
    ]);
  });

  it('reports identifier checksums the schema cannot see, keeping the document', () => {
    const doc = examplePowerOfAttorney({ seed: 7 });
    const inn = doc.principals[0]?.legalEntity?.organization.inn as string;
    const bad = inn.slice(0, 9) + String((Number(inn[9]) + 1) % 10);
    const result = readPowerOfAttorney(rebuild(doc, (x) => x.replace(`ИННЮЛ="${inn}"`, `ИННЮЛ="${bad}"`)));
    expect(result.valid).toBe(false);
    expect(result.document?.principals[0]?.legalEntity?.organization.inn).toBe(bad);
    expect(result.errors).toEqual([
      expect.objectContaining({
        code: 'MCHD_INVALID_IDENTIFIER',
        path: '/Доверенность/Документ/Довер/СвДоверит[1]/Доверит/РосОргДовер/СвРосОрг/@ИННЮЛ',
      }),
    ]);
    const snils = doc.representatives[0]?.person?.snils as string;
    const badSnils = `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)}-${String((Number(snils.slice(9)) + 1) % 100).padStart(2, '0')}`;
    expect(codes(rebuild(doc, (x) => x.replace(/(<СведФизЛ[^>]*СНИЛС=")[^"]+/, `$1${badSnils}`)))).toEqual([
      'MCHD_INVALID_IDENTIFIER',
    ]);
  });

  it('checks that the issue date is not after the expiry date', () => {
    const doc = examplePowerOfAttorney({ seed: 8, issuedOn: '2026-05-01', validUntil: '2026-04-30' });
    const result = readPowerOfAttorney(buildPowerOfAttorneyXml(doc));
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'MCHD_INVALID_DATE', path: '/Доверенность/Документ/Довер/СвДов/@СрокДейст' }),
    ]);
    expect(
      codes(
        rebuild(examplePowerOfAttorney({ seed: 8 }), (x) =>
          x.replace('ДатаВыдДовер="2026-01-15"', 'ДатаВыдДовер="2026-02-30"'),
        ),
      ),
    ).toEqual(['MCHD_SCHEMA_VIOLATION']);
  });

  it('checks re-delegation consistency', () => {
    const root = examplePowerOfAttorney({ seed: 1 });
    const child = examplePowerOfAttorney({ seed: 2, parent: root });
    expect(codes(rebuild(child, (x) => x.replace(` НомДоверПерв="${root.guid}"`, '')))).toEqual([
      'MCHD_REDELEGATION_INCONSISTENT',
    ]);
    expect(
      codes(rebuild(child, (x) => x.replace(`НомДоверПерв="${root.guid}"`, `НомДоверПерв="${child.guid}"`))),
    ).toEqual(['MCHD_REDELEGATION_INCONSISTENT']);
    expect(codes(rebuild(child, (x) => x.replace('ПрНалПередов="1"', 'ПрНалПередов="0"')))).toEqual([
      'MCHD_REDELEGATION_INCONSISTENT',
    ]);
    const outliving = { ...child, validUntil: '2030-01-01' };
    expect(codes(buildPowerOfAttorneyXml(outliving))).toEqual(['MCHD_INVALID_DATE']);
  });

  it('checks the principal type against the block present', () => {
    const doc = examplePowerOfAttorney({ seed: 9 });
    expect(codes(rebuild(doc, (x) => x.replace('ТипДоверит="1"', 'ТипДоверит="4"')))).toEqual([
      'MCHD_PARTY_TYPE_MISMATCH',
    ]);
  });

  it('checks the file name against ИдФайл', () => {
    const doc = examplePowerOfAttorney({ seed: 10 });
    const bytes = buildPowerOfAttorneyXml(doc);
    expect(codes(bytes, { fileName: `/tmp/${doc.fileId}.xml` })).toEqual([]);
    expect(readPowerOfAttorney(bytes, { fileName: 'other.xml' }).errors).toEqual([
      expect.objectContaining({ code: 'MCHD_FILE_NAME_MISMATCH', path: '/Доверенность/@ИдФайл' }),
    ]);
  });

  it('refuses a document without a GUID unless told to allow it', () => {
    const { guid: _guid, ...noGuid } = examplePowerOfAttorney({ seed: 13 });
    const bytes = buildPowerOfAttorneyXml(noGuid);
    expect(codes(bytes)).toEqual(['MCHD_SCHEMA_VIOLATION']);
    const relaxed = readPowerOfAttorney(bytes, { allowMissingGuid: true });
    expect(relaxed.valid).toBe(true);
    expect(relaxed.errors).toEqual([expect.objectContaining({ code: 'MCHD_GUID_MISSING', severity: 'warning' })]);
    expect(relaxed.document?.guid).toBeUndefined();
  });

  it('accepts a prefixed namespace and whitespace between elements', () => {
    const doc = examplePowerOfAttorney({ seed: 14 });
    const xml = text(buildPowerOfAttorneyXml(doc))
      .replace('xmlns="urn://x-artefacts/EMCHD_1"', 'xmlns:m="urn://x-artefacts/EMCHD_1"')
      .replace(/<(\/?)([А-Яа-яA-Za-z])/g, '<$1m:$2')
      .replace(/></g, '>\n  <');
    const result = readPowerOfAttorney(utf8(xml));
    expect(result.errors).toEqual([]);
    expect(result.document).toEqual(doc);
  });

  it('documents every code it can report', () => {
    for (const c of [
      'MCHD_MALFORMED_XML',
      'MCHD_SCHEMA_VIOLATION',
      'MCHD_INVALID_IDENTIFIER',
      'INPUT_TOO_LARGE',
      'MCHD_FORBIDDEN_DTD',
      'MCHD_INVALID_DATE',
      'MCHD_REDELEGATION_INCONSISTENT',
      'MCHD_FILE_NAME_MISMATCH',
      'MCHD_UNSUPPORTED_FORMAT',
    ]) {
      expect(FINDING_CODES).toHaveProperty(c);
    }
    expect(codes(utf8('<?xml version="1.0"?><Счёт/>'))).toEqual(['MCHD_UNSUPPORTED_FORMAT']);
  });
});

describe('reading the 002 format', () => {
  it.each(['utf-8', 'windows-1251'] as const)('reads, validates and round-trips a 002 document in %s', (encoding) => {
    for (const representativeType of ['person', 'legalEntity', 'entrepreneur'] as const) {
      for (const principalType of ['legalEntity', 'entrepreneur', 'person'] as const) {
        const doc = examplePowerOfAttorney({ seed: 21, format: '002', principalType, representativeType });
        const bytes = buildPowerOfAttorneyXml(doc, { encoding });
        const result = readPowerOfAttorney(bytes, { fileName: `${doc.fileId}.xml` });
        expect(result.errors).toEqual([]);
        expect(result).toMatchObject({ valid: true, format: '002', encoding });
        expect(result.document).toEqual(doc);
      }
    }
  });

  it('reads a hand-written windows-1251 002 file like those operators send', () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?>
<Файл ИдФайл="ON_DOVBB_1" ВерсФорм="002" ВерсПрог="1С">
  <Документ КНД="1110310">
    <СвДов НомДовер="6f1c0a52-2b8e-4a8e-9d35-2a0c6b9c1f00" ДатаВыдДовер="2024-03-01" ДатаКонДовер="2025-03-01"/>
    <СвДоверит ТипДовер="ЮЛ">
      <Доверит><ЮЛ НаимОрг="ПАО Сбербанк" ИННЮЛ="7707083893" КПП="773601001" ОГРН="1027700132195"/></Доверит>
      <Подписант Должность="Президент"><ФИО Фамилия="Греф" Имя="Герман" Отчество="Оскарович"/></Подписант>
    </СвДоверит>
    <СвУпПред ТипПред="ФЛ"><СведФизЛ ИННФЛ="500100732259"><ФИО Фамилия="Иванов" Имя="Иван"/></СведФизЛ></СвУпПред>
    <СвПолн><ТекстПолн>Подписывать счета-фактуры</ТекстПолн></СвПолн>
  </Документ>
</Файл>`;
    const result = readPowerOfAttorney(new Uint8Array(iconv.encode(xml, 'win1251')));
    expect(result.errors).toEqual([]);
    expect(inspectSummary(result)).toMatchObject({
      guid: '6f1c0a52-2b8e-4a8e-9d35-2a0c6b9c1f00',
      validUntil: '2025-03-01',
      principals: [
        { type: 'legalEntity', inn: '7707083893', signatories: [{ lastName: 'Греф', position: 'Президент' }] },
      ],
      representatives: [{ type: 'person', inn: '500100732259', lastName: 'Иванов' }],
      powers: [{ code: null, name: 'Подписывать счета-фактуры' }],
    });
  });
});
