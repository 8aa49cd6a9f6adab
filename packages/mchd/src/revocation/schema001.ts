/**
 * The revocation application (format 001 as operators' software writes it; ../shared/domain/mchd.md notes it is
 * not confirmed as the FNS standard): `Файл/Документ/СвЗаяв` with НомДовер and ПричОтз, and the applicant —
 * the principal (organization, entrepreneur, person) or the representative.
 */
import type { AttributeDef, CompiledSchema, Particle, SimpleTypeDef, TypeDef } from '../schema/schema-model.js';

const simpleTypes: SimpleTypeDef[] = [];
const types: TypeDef[] = [];
const st = (def: SimpleTypeDef): number => simpleTypes.push(def) - 1;
const str = (min: number, max: number) => st({ base: 'string', minLength: min, maxLength: max });
const pat = (length: number, pattern: string) => st({ base: 'string', length, patterns: [pattern] });
const a = (name: string, type: number, required = true): AttributeDef => ({ name, type, required });
const complex = (attributes: AttributeDef[], content: Particle | null = null): number =>
  types.push({ attributes, content }) - 1;
const el = (name: string, type: number, min = 1): Particle => ({ kind: 'element', name, min, max: 1, type });

const NAME = str(1, 200);
const INN_LE = pat(10, '([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{8}');
const INN_FL = pat(12, '([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{10}');
const FIO = complex([a('Фамилия', NAME), a('Имя', NAME), a('Отчество', NAME, false)]);
const UL = complex([
  a('НаимОрг', str(1, 1000)),
  a('ИННЮЛ', INN_LE),
  a('КПП', pat(9, '([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})([0-9]{2})([0-9A-Z]{2})([0-9]{3})'), false),
  a('ОГРН', pat(13, '[0-9]{13}'), false),
]);
const IP = complex([a('ИННФЛ', INN_FL), a('ОГРНИП', pat(15, '[0-9]{15}'))], {
  kind: 'sequence',
  min: 1,
  max: 1,
  particles: [el('ФИО', FIO)],
});
const SNILS = st({
  base: 'string',
  length: 14,
  patterns: ['[0-9]{3}\\-[0-9]{3}\\-[0-9]{3}\\-[0-9]{2}', '[0-9]{3}\\-[0-9]{3}\\-[0-9]{3} [0-9]{2}'],
});
const FL = complex([a('ИННФЛ', INN_FL, false), a('СНИЛС', SNILS, false)], {
  kind: 'sequence',
  min: 1,
  max: 1,
  particles: [el('ФИО', FIO)],
});
const APPLICANT = complex([a('Роль', st({ base: 'string', enumeration: ['1', '2'] }))], {
  kind: 'choice',
  min: 1,
  max: 1,
  particles: [el('ЗаявЮЛ', UL), el('ЗаявИП', IP), el('ЗаявФЛ', FL)],
});
const APPLICATION = complex(
  [
    a('НомДовер', pat(36, '[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}')),
    a('ПричОтз', str(1, 500)),
    a('ДатаЗаяв', st({ base: 'date' }), false),
  ],
  { kind: 'sequence', min: 1, max: 1, particles: [el('Заявитель', APPLICANT)] },
);
const DOCUMENT = complex([], { kind: 'sequence', min: 1, max: 1, particles: [el('СвЗаяв', APPLICATION)] });
const FILE = complex([a('ИдФайл', str(1, 255)), a('ВерсФорм', st({ base: 'string', enumeration: ['001'] }))], {
  kind: 'sequence',
  min: 1,
  max: 1,
  particles: [el('Документ', DOCUMENT)],
});

/** The revocation application structure in compiled form. */
export const REVOCATION_SCHEMA: CompiledSchema = {
  targetNamespace: '',
  root: { name: 'Файл', type: FILE },
  types,
  simpleTypes,
};
