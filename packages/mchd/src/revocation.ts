/**
 * Revocation applications (format 001): what a principal or representative signs to revoke an MCHD.
 */
import { formatSnilsForXml, normalizeSnils } from '@mchd/identifiers';
import { checkIdentifierAttribute } from './checks.js';
import { MchdFormatError } from './errors.js';
import { type Finding, FindingList } from './findings.js';
import { attr, child, compact, E } from './mapping/nodes.js';
import { parseInput, type ReadOptions } from './read.js';
import { REVOCATION_SCHEMA } from './revocation/schema001.js';
import { SchemaValidator } from './schema/validate.js';
import { encodeXml, NOT_XML, type XmlEncoding } from './xml/decode.js';
import type { XmlElement } from './xml/tree.js';
import { writeXml } from './xml/write.js';

/** Who applies for the revocation. */
export interface RevocationApplicant {
  /** Роль: the principal (1) or the representative (2). */
  readonly role: 'principal' | 'representative';
  readonly type: 'legalEntity' | 'entrepreneur' | 'person';
  /** Organization name (legal entity). */
  readonly name?: string;
  readonly inn?: string;
  readonly kpp?: string;
  readonly ogrn?: string;
  readonly ogrnip?: string;
  /** 11 digits, normalized. */
  readonly snils?: string;
  readonly lastName?: string;
  readonly firstName?: string;
  readonly middleName?: string;
}

/** A revocation application. */
export interface RevocationApplication {
  readonly fileId: string;
  /** НомДовер: the GUID of the MCHD to revoke. */
  readonly guid: string;
  /** ПричОтз: up to 500 characters. */
  readonly reason: string;
  readonly appliedOn?: string;
  readonly applicant: RevocationApplicant;
}

/** What {@link readRevocationApplication} found. */
export interface RevocationReadResult {
  readonly valid: boolean;
  readonly application: RevocationApplication | null;
  readonly errors: readonly Finding[];
}

const validator = new SchemaValidator(REVOCATION_SCHEMA);

function readApplicant(el: XmlElement): RevocationApplicant {
  const role = attr(el, 'Роль') === '2' ? 'representative' : 'principal';
  const ul = child(el, 'ЗаявЮЛ');
  const ip = child(el, 'ЗаявИП');
  const fl = child(el, 'ЗаявФЛ');
  const node = (ul ?? ip ?? fl) as XmlElement;
  const fio = child(node, 'ФИО');
  const snils = attr(node, 'СНИЛС');
  return compact({
    role,
    type: ul ? 'legalEntity' : ip ? 'entrepreneur' : 'person',
    name: attr(node, 'НаимОрг'),
    inn: attr(node, 'ИННЮЛ') ?? attr(node, 'ИННФЛ'),
    kpp: attr(node, 'КПП'),
    ogrn: attr(node, 'ОГРН'),
    ogrnip: attr(node, 'ОГРНИП'),
    snils: snils === undefined ? undefined : (normalizeSnils(snils) ?? snils),
    lastName: fio && attr(fio, 'Фамилия'),
    firstName: fio && attr(fio, 'Имя'),
    middleName: fio && attr(fio, 'Отчество'),
  } as RevocationApplicant);
}

/**
 * Reads a revocation application with the same guards as {@link readPowerOfAttorney} (size, DTD, depth, encoding).
 *
 * @example
 * ```ts
 * const r = readRevocationApplication(bytes);
 * if (r.valid) console.log(r.application?.guid, r.application?.reason);
 * ```
 */
export function readRevocationApplication(
  bytes: Uint8Array,
  options: Pick<ReadOptions, 'maxBytes' | 'maxDepth'> = {},
): RevocationReadResult {
  try {
    const input = parseInput(bytes, options);
    if (!input.ok) return { valid: false, application: null, errors: input.findings.items };
    const findings = new FindingList();
    validator.validate(input.root, findings, checkIdentifierAttribute);
    if (findings.items.some((f) => f.code === 'MCHD_SCHEMA_VIOLATION')) {
      if (input.root.name !== 'Файл' || input.root.attrs['ВерсФорм'] !== '001') {
        return {
          valid: false,
          application: null,
          errors: [
            {
              code: 'MCHD_UNSUPPORTED_FORMAT',
              path: `/${input.root.name}`,
              message: 'not a revocation application (Файл ВерсФорм="001")',
            },
          ],
        };
      }
      return { valid: false, application: null, errors: findings.items };
    }
    const app = child(child(input.root, 'Документ') as XmlElement, 'СвЗаяв') as XmlElement;
    const application: RevocationApplication = compact({
      fileId: attr(input.root, 'ИдФайл') ?? '',
      guid: attr(app, 'НомДовер') ?? '',
      reason: attr(app, 'ПричОтз') ?? '',
      appliedOn: attr(app, 'ДатаЗаяв'),
      applicant: readApplicant(child(app, 'Заявитель') as XmlElement),
    });
    return { valid: !findings.hasErrors, application, errors: findings.items };
  } catch (e) {
    return {
      valid: false,
      application: null,
      errors: [
        {
          code: 'MCHD_MALFORMED_XML',
          path: '/',
          message: `internal error while reading: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }
}

/**
 * Builds the XML bytes of a revocation application.
 *
 * @example
 * ```ts
 * const bytes = buildRevocationApplicationXml({
 *   fileId: 'ON_OTZDOV_1', guid, reason: 'Увольнение представителя',
 *   applicant: { role: 'principal', type: 'legalEntity', name: 'ООО «Ромашка»', inn: '7707083893' },
 * });
 * ```
 */
export function buildRevocationApplicationXml(
  app: RevocationApplication,
  options: { encoding?: XmlEncoding } = {},
): Uint8Array {
  const p = app.applicant;
  const fio =
    p.lastName !== undefined ? E('ФИО', { Фамилия: p.lastName, Имя: p.firstName, Отчество: p.middleName }) : undefined;
  const snils = p.snils === undefined ? undefined : formatSnilsForXml(p.snils);
  const applicant =
    p.type === 'legalEntity'
      ? E('ЗаявЮЛ', { НаимОрг: p.name, ИННЮЛ: p.inn, КПП: p.kpp, ОГРН: p.ogrn })
      : p.type === 'entrepreneur'
        ? E('ЗаявИП', { ИННФЛ: p.inn, ОГРНИП: p.ogrnip }, [fio])
        : E('ЗаявФЛ', { ИННФЛ: p.inn, СНИЛС: snils }, [fio]);
  const tree = E('Файл', { ИдФайл: app.fileId, ВерсФорм: '001' }, [
    E('Документ', {}, [
      E('СвЗаяв', { НомДовер: app.guid, ПричОтз: app.reason, ДатаЗаяв: app.appliedOn }, [
        E('Заявитель', { Роль: p.role === 'representative' ? '2' : '1' }, [applicant]),
      ]),
    ]),
  ]);
  const encoding = options.encoding ?? 'utf-8';
  const text = writeXml(tree, encoding);
  if (NOT_XML.test(text)) {
    throw new MchdFormatError('MCHD_MALFORMED_XML', '/', 'a character XML 1.0 cannot carry');
  }
  return encodeXml(text, encoding);
}
