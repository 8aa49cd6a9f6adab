/**
 * Checks beyond the schema: identifier checksums, the order of dates, re-delegation consistency, the type codes
 * against the blocks present, powers against their type, and the file name against ИдФайл.
 */
import {
  checkInnLegal,
  checkInnPerson,
  checkKpp,
  checkOgrn,
  checkOgrnip,
  checkSnils,
  type IdentifierCheck,
} from '@mchd/identifiers';
import type { FindingList } from './findings.js';
import type { PowerOfAttorneyDocument } from './model.js';
import { parseXsdDate } from './schema/simple-types.js';

const IDENTIFIER_CHECKS: Record<string, [string, (v: string) => IdentifierCheck]> = {
  ИННЮЛ: ['INN of a legal entity', checkInnLegal],
  ИННФЛ: ['INN of a person', checkInnPerson],
  СНИЛС: ['SNILS', checkSnils],
  ОГРН: ['OGRN', checkOgrn],
  ОГРНИП: ['OGRNIP', checkOgrnip],
  КПП: ['KPP', checkKpp],
};

/**
 * The identifier check for one attribute (an {@link AttributeHook}): checksums by attribute name.
 */
export function checkIdentifierAttribute(
  name: string,
  value: string,
  elementPath: string,
  findings: FindingList,
): void {
  const entry = IDENTIFIER_CHECKS[name];
  if (!entry) return;
  const problem = entry[1](value);
  if (problem) {
    findings.add(
      'MCHD_INVALID_IDENTIFIER',
      `${elementPath}/@${name}`,
      problem === 'CHECKSUM' ? `${entry[0]} ${value} has a wrong check digit` : `${entry[0]} ${value} has a wrong form`,
    );
  }
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Whether `value` is a 36-character GUID. */
export const isGuid = (value: string): boolean => GUID.test(value);

/** Element paths of the parts the document-level checks point at. */
export interface DocumentPaths {
  readonly info: string;
  readonly body: string;
  readonly root?: string;
  readonly parent?: string;
  readonly principal: string;
  readonly representative: string;
  readonly powers: string;
  readonly validUntilAttr: string;
}

/** Document-level checks on a mapped model. */
export function checkDocument(doc: PowerOfAttorneyDocument, paths: DocumentPaths, findings: FindingList): void {
  const issued = parseXsdDate(doc.issuedOn.trim());
  const until = parseXsdDate(doc.validUntil.trim());
  if (issued && until && issued > until) {
    findings.add(
      'MCHD_INVALID_DATE',
      `${paths.info}/@${paths.validUntilAttr}`,
      `valid-until ${doc.validUntil} is before the issue date ${doc.issuedOn}`,
    );
  }
  doc.principals.forEach((p, i) => {
    const block = {
      legalEntity: p.legalEntity,
      foreignEntity: p.foreignEntity,
      entrepreneur: p.entrepreneur,
      person: p.person,
    }[p.type];
    if (!block) {
      findings.add(
        'MCHD_PARTY_TYPE_MISMATCH',
        `${paths.principal}[${i + 1}]`,
        `principal type ${p.type} without its block`,
      );
    }
  });
  doc.representatives.forEach((r, i) => {
    const block = {
      legalEntity: r.legalEntity,
      entrepreneur: r.entrepreneur,
      person: r.person,
      branch: r.branch,
      foreignBranch: r.foreignBranch,
    }[r.type];
    if (!block) {
      findings.add(
        'MCHD_PARTY_TYPE_MISMATCH',
        `${paths.representative}[${i + 1}]`,
        `representative type ${r.type} without its block`,
      );
    }
  });
  if (doc.powersType === 'text' && doc.powersText === undefined) {
    findings.add('MCHD_POWERS_INCONSISTENT', `${paths.powers}/ТекстПолн`, 'text powers (ТипПолн 0) without ТекстПолн');
  }
  if (doc.powersType === 'machine' && doc.powers.length === 0) {
    findings.add(
      'MCHD_POWERS_INCONSISTENT',
      `${paths.powers}/МашПолн`,
      'machine-readable powers (ТипПолн 1) without МашПолн',
    );
  }
  const r = doc.redelegated;
  if (!r || !paths.root) return;
  if (r.mark !== '1') {
    findings.add(
      'MCHD_REDELEGATION_INCONSISTENT',
      `${paths.body}/@ПрНалПередов`,
      'a re-delegation must have ПрНалПередов 1',
    );
  }
  r.transferors.forEach((t, i) => {
    const block = {
      legalEntity: t.legalEntity,
      entrepreneur: t.entrepreneur,
      person: t.person,
      branch: t.branch,
      foreignBranch: t.foreignBranch,
    }[t.type];
    if (!block) {
      findings.add(
        'MCHD_PARTY_TYPE_MISMATCH',
        `${paths.body}/СвПередПолн[${i + 1}]`,
        `transferor type ${t.type} without its block`,
      );
    }
  });
  const own = doc.guid?.toLowerCase();
  if (!doc.rootGuid) {
    findings.add(
      'MCHD_REDELEGATION_INCONSISTENT',
      `${paths.root}/@НомДоверПерв`,
      'a re-delegation must name its root MCHD (НомДоверПерв)',
    );
  } else if (own && doc.rootGuid.toLowerCase() === own) {
    findings.add(
      'MCHD_REDELEGATION_INCONSISTENT',
      `${paths.root}/@НомДоверПерв`,
      'the root MCHD is the document itself',
    );
  }
  if (r.parent && !doc.parentGuid && paths.parent) {
    findings.add(
      'MCHD_REDELEGATION_INCONSISTENT',
      `${paths.parent}/@НомДоверN`,
      'the parent MCHD block must name its GUID (НомДоверN)',
    );
  } else if (r.parent && own && doc.parentGuid?.toLowerCase() === own && paths.parent) {
    findings.add(
      'MCHD_REDELEGATION_INCONSISTENT',
      `${paths.parent}/@НомДоверN`,
      'the parent MCHD is the document itself',
    );
  } else if (
    r.parent &&
    doc.parentGuid &&
    doc.parentGuid.toLowerCase() === doc.rootGuid?.toLowerCase() &&
    paths.parent
  ) {
    findings.add(
      'MCHD_REDELEGATION_INCONSISTENT',
      `${paths.parent}/@НомДоверN`,
      'a parent block naming the root: omit СвПередов instead',
    );
  }
  for (const [prior, path] of [
    [r.root, paths.root],
    [r.parent, paths.parent],
  ] as const) {
    if (!prior || !path) continue;
    const pIssued = parseXsdDate(prior.issuedOn.trim());
    const pUntil = parseXsdDate(prior.validUntil.trim());
    if (pIssued && pUntil && pIssued > pUntil) {
      findings.add(
        'MCHD_INVALID_DATE',
        `${path}/@СрокДейст`,
        `valid-until ${prior.validUntil} is before the issue date ${prior.issuedOn}`,
      );
    }
    if (until && pUntil && until > pUntil) {
      findings.add(
        'MCHD_INVALID_DATE',
        `${paths.info}/@СрокДейст`,
        `a re-delegation valid until ${doc.validUntil} outlives the power it derives from (${prior.validUntil})`,
      );
    }
    if (issued && pIssued && issued < pIssued) {
      findings.add(
        'MCHD_INVALID_DATE',
        `${paths.info}/@ДатаВыдДовер`,
        `a re-delegation issued on ${doc.issuedOn} before the power it derives from (${prior.issuedOn})`,
      );
    }
  }
}

/** The file name check: `name` (any directory, optional `.xml`) must equal ИдФайл. */
export function checkFileName(fileName: string, fileId: string, attrPath: string, findings: FindingList): void {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.xml$/i, '');
  if (base !== fileId) {
    findings.add('MCHD_FILE_NAME_MISMATCH', attrPath, `the file is named ${base}, but ИдФайл is ${fileId}`);
  }
}
