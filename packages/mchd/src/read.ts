/**
 * Reading a power of attorney: bytes in, a typed model and coded findings out. Never throws for bad input.
 */
import { checkDocument, checkFileName, checkIdentifierAttribute } from './checks.js';
import { type Finding, FindingList } from './findings.js';
import { read002, FORMAT_002_PATHS, validate002 } from './format002/format002.js';
import { readEmchd } from './mapping/emchd.js';
import type { PowerOfAttorneyDocument, PowerOfAttorneyFormat } from './model.js';
import { EMCHD_SCHEMA } from './schema/emchd-schema.generated.js';
import { SchemaValidator } from './schema/validate.js';
import { decodeXml, type XmlEncoding } from './xml/decode.js';
import { scanXml } from './xml/scan.js';
import { parseXmlTree, type XmlElement } from './xml/tree.js';

/** Options of {@link readPowerOfAttorney}. */
export interface ReadOptions {
  /** The file's name: when given, it must equal ИдФайл (with or without `.xml`). */
  readonly fileName?: string;
  /** The size limit in bytes (default 1 MiB): larger inputs are refused with `INPUT_TOO_LARGE`. */
  readonly maxBytes?: number;
  /** The element nesting limit (default 64): deeper documents are refused with `MCHD_TOO_DEEP`. */
  readonly maxDepth?: number;
  /**
   * Accept a document without НомДовер (the schema requires it): reported as a `MCHD_GUID_MISSING` warning, for
   * registries that assign the GUID themselves.
   */
  readonly allowMissingGuid?: boolean;
}

/** What {@link readPowerOfAttorney} found. */
export interface ReadResult {
  /** No finding of severity `error`. */
  readonly valid: boolean;
  /** The format recognized from the root element, or null when none was. */
  readonly format: PowerOfAttorneyFormat | null;
  /** The model: present whenever the document matched its schema (even with checksum or date errors). */
  readonly document: PowerOfAttorneyDocument | null;
  /** Every finding, errors and warnings. */
  readonly errors: readonly Finding[];
  /** The encoding the bytes were decoded from, when they were. */
  readonly encoding?: XmlEncoding;
}

/** Default size limit: 1 MiB. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;
/** Default nesting limit; the deepest EMCHD_1 document nests 12 levels. */
export const DEFAULT_MAX_DEPTH = 64;

const emchdValidator = new SchemaValidator(EMCHD_SCHEMA);
const EMCHD_ROOT = '/Доверенность';

/** The text, root element and encoding of a document, or the findings that stopped reading it. */
export type ParsedInput =
  | { readonly ok: true; readonly root: XmlElement; readonly encoding: XmlEncoding }
  | { readonly ok: false; readonly findings: FindingList; readonly encoding?: XmlEncoding };

/** Size limit, decoding, the DTD and depth guard, and parsing: shared by all readers of this package. */
export function parseInput(bytes: Uint8Array, options: Pick<ReadOptions, 'maxBytes' | 'maxDepth'> = {}): ParsedInput {
  const findings = new FindingList();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(bytes instanceof Uint8Array)) {
    findings.add('MCHD_MALFORMED_XML', '/', 'the input is not bytes');
    return { ok: false, findings };
  }
  if (bytes.length > maxBytes) {
    findings.add('INPUT_TOO_LARGE', '/', `the document has ${bytes.length} bytes; the limit is ${maxBytes}`);
    return { ok: false, findings };
  }
  const decoded = decodeXml(bytes);
  if (!decoded.ok) {
    findings.add('MCHD_MALFORMED_XML', '/', decoded.message);
    return { ok: false, findings };
  }
  const guard = scanXml(decoded.text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (guard) {
    findings.add(guard.code, '/', guard.message);
    return { ok: false, findings, encoding: decoded.encoding };
  }
  const tree = parseXmlTree(decoded.text);
  if (!tree.ok) {
    findings.add('MCHD_MALFORMED_XML', '/', tree.message);
    return { ok: false, findings, encoding: decoded.encoding };
  }
  return { ok: true, root: tree.root, encoding: decoded.encoding };
}

const result = (
  findings: FindingList,
  format: PowerOfAttorneyFormat | null,
  document: PowerOfAttorneyDocument | null,
  encoding?: XmlEncoding,
): ReadResult => ({
  valid: !findings.hasErrors,
  format,
  document,
  errors: findings.items,
  ...(encoding ? { encoding } : {}),
});

/**
 * Reads an MCHD (EMCHD_1 or 002) from its bytes: guards (size, DTD, depth), decodes by the declared encoding,
 * parses, validates against the schema and the rules beyond it, and maps to the model.
 *
 * @example
 * ```ts
 * const result = readPowerOfAttorney(await readFile('ON_EMCHD_….xml'), { fileName: 'ON_EMCHD_….xml' });
 * if (!result.valid) for (const e of result.errors) console.log(e.code, e.path, e.message);
 * else console.log(result.document?.guid, result.document?.validUntil);
 * ```
 */
export function readPowerOfAttorney(bytes: Uint8Array, options: ReadOptions = {}): ReadResult {
  try {
    const input = parseInput(bytes, options);
    if (!input.ok) return result(input.findings, null, null, input.encoding);
    const findings = new FindingList();
    const root = input.root;
    if (root.name === 'Доверенность') {
      emchdValidator.validate(root, findings, checkIdentifierAttribute);
      if (options.allowMissingGuid) relaxMissingGuid(findings);
      if (findings.items.some((f) => f.code === 'MCHD_SCHEMA_VIOLATION')) {
        return result(findings, 'EMCHD_1', null, input.encoding);
      }
      const document = readEmchd(root);
      const body = document.redelegated ? `${EMCHD_ROOT}/Документ/Передов` : `${EMCHD_ROOT}/Документ/Довер`;
      checkDocument(
        document,
        {
          info: document.redelegated ? `${body}/СвПереДовер` : `${body}/СвДов`,
          body,
          root: document.redelegated ? `${body}/СвПервДовер` : undefined,
          parent: document.redelegated ? `${body}/СвПередов` : undefined,
          principal: `${body}/СвДоверит`,
          representative: document.redelegated ? `${body}/СвПолучПолн` : `${body}/СвУпПред`,
          powers: `${body}/СвПолн`,
          validUntilAttr: 'СрокДейст',
        },
        findings,
      );
      if (options.fileName !== undefined)
        checkFileName(options.fileName, document.fileId, `${EMCHD_ROOT}/@ИдФайл`, findings);
      return result(findings, 'EMCHD_1', document, input.encoding);
    }
    if (root.name === 'Файл' && root.ns === null && root.attrs['ВерсФорм'] === '002') {
      if (!validate002(root, findings)) return result(findings, '002', null, input.encoding);
      const document = read002(root);
      checkDocument(document, FORMAT_002_PATHS, findings);
      if (options.fileName !== undefined) checkFileName(options.fileName, document.fileId, '/Файл/@ИдФайл', findings);
      return result(findings, '002', document, input.encoding);
    }
    findings.add(
      'MCHD_UNSUPPORTED_FORMAT',
      `/${root.name}`,
      `root element ${root.name} is neither an EMCHD_1 Доверенность nor a 002 Файл`,
    );
    return result(findings, null, null, input.encoding);
  } catch (e) {
    const findings = new FindingList();
    findings.add(
      'MCHD_MALFORMED_XML',
      '/',
      `internal error while reading: ${e instanceof Error ? e.message : String(e)}`,
    );
    return result(findings, null, null);
  }
}

function relaxMissingGuid(findings: FindingList): void {
  const i = findings.items.findIndex(
    (f) => f.code === 'MCHD_SCHEMA_VIOLATION' && f.path.endsWith('/@НомДовер') && f.message.includes('missing'),
  );
  if (i === -1) return;
  const f = findings.items[i] as Finding;
  findings.items[i] = {
    code: 'MCHD_GUID_MISSING',
    path: f.path,
    message: 'the document has no GUID (НомДовер)',
    severity: 'warning',
  };
}
