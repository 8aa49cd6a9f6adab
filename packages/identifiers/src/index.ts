/**
 * Russian identifiers with their real check algorithms: INN (10 and 12 digits), SNILS, OGRN, OGRNIP, and KPP's form.
 * Written here by hand: no maintained npm library covers all five with their checksums.
 */
export { InvalidIdentifierError, type IdentifierKind, type IdentifierProblem } from './identifier-error.js';
export {
  assertIdentifier,
  checkIdentifier,
  checkInn,
  checkInnLegal,
  checkInnPerson,
  checkKpp,
  checkOgrn,
  checkOgrnip,
  checkSnils,
  formatSnilsForXml,
  normalizeSnils,
  type IdentifierCheck,
} from './checks.js';
export {
  generateInnLegal,
  generateInnPerson,
  generateOgrn,
  generateOgrnip,
  generateSnils,
  seededRandom,
} from './generate.js';
