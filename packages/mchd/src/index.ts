/**
 * `@mchd/format`: read, validate and build machine-readable powers of attorney (EMCHD_1 and 002) and revocation
 * applications. Russian XML names live only in the mapping layer; the model is English.
 */
export { buildPowerOfAttorneyXml, type BuildOptions } from './build.js';
export { MchdFormatError } from './errors.js';
export { examplePowerOfAttorney, exampleGuid, EXAMPLE_POWERS, type ExampleOptions } from './example.js';
export { FINDING_CODES, type Finding, type FindingCode } from './findings.js';
export type * from './model.js';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  readPowerOfAttorney,
  type ReadOptions,
  type ReadResult,
} from './read.js';
export {
  buildRevocationApplicationXml,
  readRevocationApplication,
  type RevocationApplication,
  type RevocationApplicant,
  type RevocationReadResult,
} from './revocation.js';
export {
  inspectReport,
  inspectSummary,
  summarizeDocument,
  type InspectDocument,
  type InspectReport,
  type SignatorySummary,
} from './summary.js';
export type { XmlEncoding } from './xml/decode.js';
