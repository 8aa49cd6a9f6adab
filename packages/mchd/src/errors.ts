import type { Finding, FindingCode } from './findings.js';

/**
 * Thrown by the builders when a model cannot be written as XML (e.g. text with characters XML cannot carry).
 * The readers never throw for bad input: they return findings.
 *
 * @example
 * ```ts
 * try { buildPowerOfAttorneyXml(doc); } catch (e) { if (e instanceof MchdFormatError) console.log(e.code, e.path); }
 * ```
 */
export class MchdFormatError extends Error {
  readonly code: FindingCode;
  readonly path: string;
  readonly findings: readonly Finding[];

  constructor(code: FindingCode, path: string, message: string, findings: readonly Finding[] = []) {
    super(message);
    this.name = 'MchdFormatError';
    this.code = code;
    this.path = path;
    this.findings = findings;
  }
}
