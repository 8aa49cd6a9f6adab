/**
 * The 002 (B2B, `ON_DOVBB_…`/`ON_DOVEL_…`) format as this project reads it, in the same compiled form as the
 * generated EMCHD_1 schema. No official XSD for 002 is available to the project; the structure follows the files
 * seen from operators (../shared/domain/mchd.md): `Файл/Документ` with `СвДов` (ДатаКонДовер), `СвДоверит
 * ТипДовер="ЮЛ"` with `Подписант`, `СвУпПред ТипПред="ФЛ"`, `СвПолн/ТекстПолн`.
 */
import type { AttributeDef, CompiledSchema, Particle, SimpleTypeDef, TypeDef } from '../schema/schema-model.js';

const simpleTypes: SimpleTypeDef[] = [];
const types: TypeDef[] = [];
const st = (def: SimpleTypeDef): number => simpleTypes.push(def) - 1;
const S = {
  str: (min: number, max: number) => st({ base: 'string', minLength: min, maxLength: max }),
  enumeration: (...values: string[]) => st({ base: 'string', enumeration: values }),
  date: () => st({ base: 'date' }),
  pattern: (length: number, pattern: string) => st({ base: 'string', length, patterns: [pattern] }),
};
const GUID = S.pattern(36, '[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}');
const INN_LE = S.pattern(10, '([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{8}');
const INN_FL = S.pattern(12, '([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{10}');
const KPP = S.pattern(9, '([0-9]{1}[1-9]{1}|[1-9]{1}[0-9]{1})([0-9]{2})([0-9A-Z]{2})([0-9]{3})');
const OGRN = S.pattern(13, '[0-9]{13}');
const OGRNIP = S.pattern(15, '[0-9]{15}');
const SNILS = st({
  base: 'string',
  length: 14,
  patterns: ['[0-9]{3}\\-[0-9]{3}\\-[0-9]{3}\\-[0-9]{2}', '[0-9]{3}\\-[0-9]{3}\\-[0-9]{3} [0-9]{2}'],
});
const DATE = S.date();
const NAME200 = S.str(1, 200);
const TEXT255 = S.str(1, 255);
const TEXT1000 = S.str(1, 1000);

const a = (name: string, type: number, required = true): AttributeDef => ({ name, type, required });
const complex = (attributes: AttributeDef[], content: Particle | null = null): number =>
  types.push({ attributes, content }) - 1;
const el = (name: string, type: number, min = 1, max = 1): Particle => ({ kind: 'element', name, min, max, type });
const seq = (...particles: Particle[]): Particle => ({ kind: 'sequence', min: 1, max: 1, particles });
const choice = (...particles: Particle[]): Particle => ({ kind: 'choice', min: 1, max: 1, particles });
const simpleEl = (simple: number): number => types.push({ simple, attributes: [], content: null }) - 1;

const FIO = complex([a('Фамилия', NAME200), a('Имя', NAME200), a('Отчество', NAME200, false)]);
const ID_DOC = complex([
  a('КодВидДок', S.pattern(2, '[0-9]{2}')),
  a('СерНомДок', S.str(1, 25)),
  a('ДатаДок', DATE),
  a('ВыдДок', S.str(1, 4000), false),
  a('КодВыдДок', st({ base: 'string', length: 7 }), false),
]);
const ORG = complex([a('НаимОрг', TEXT1000), a('ИННЮЛ', INN_LE), a('КПП', KPP), a('ОГРН', OGRN, false)]);
const IP = complex(
  [a('НаимИП', TEXT1000, false), a('ИННФЛ', INN_FL), a('ОГРНИП', OGRNIP), a('СНИЛС', SNILS)],
  seq(el('ФИО', FIO)),
);
const FL = complex([a('ИННФЛ', INN_FL, false), a('СНИЛС', SNILS), a('ДатаРожд', DATE, false)], seq(el('ФИО', FIO)));
const SIGNER = complex(
  [a('ИННФЛ', INN_FL, false), a('СНИЛС', SNILS, false), a('Должность', TEXT255, false)],
  seq(el('ФИО', FIO)),
);
const REP_FL = complex(
  [a('ИННФЛ', INN_FL, false), a('СНИЛС', SNILS, false), a('ДатаРожд', DATE, false), a('Должность', TEXT255, false)],
  seq(el('ФИО', FIO), el('УдЛичнФЛ', ID_DOC, 0)),
);
const PRINCIPAL = complex(
  [a('ТипДовер', S.enumeration('ЮЛ', 'ИП', 'ФЛ'))],
  seq(el('Доверит', complex([], choice(el('ЮЛ', ORG), el('ИП', IP), el('ФЛ', FL)))), el('Подписант', SIGNER, 0, -1)),
);
const REPRESENTATIVE = complex(
  [a('ТипПред', S.enumeration('ЮЛ', 'ИП', 'ФЛ'))],
  choice(el('СведОрг', ORG), el('СведИП', IP), el('СведФизЛ', REP_FL)),
);
const POWER = complex([a('КодПолн', S.str(6, 255)), a('НаимПолн', TEXT255)]);
const POWERS = complex([], seq(el('ТекстПолн', simpleEl(S.str(1, 10000)), 0), el('МашПолн', POWER, 0, -1)));
const INFO = complex([
  a('НомДовер', GUID),
  a('ВнНомДовер', S.str(1, 50), false),
  a('ДатаВыдДовер', DATE),
  a('ДатаКонДовер', DATE),
  a('ВидДовер', S.enumeration('1', '2'), false),
  a('ПрПередов', S.enumeration('1', '2', '3'), false),
]);
const DOCUMENT = complex(
  [a('КНД', st({ base: 'string', length: 7 }), false)],
  seq(
    el('СвДов', INFO),
    el('СвДоверит', PRINCIPAL, 1, -1),
    el('СвУпПред', REPRESENTATIVE, 1, -1),
    el('СвПолн', POWERS),
  ),
);
const FILE = complex(
  [a('ИдФайл', TEXT255), a('ВерсФорм', S.enumeration('002')), a('ВерсПрог', S.str(1, 40), false)],
  seq(el('Документ', DOCUMENT)),
);

/** The 002 structure in compiled form. */
export const FORMAT_002_SCHEMA: CompiledSchema = {
  targetNamespace: '',
  root: { name: 'Файл', type: FILE },
  types,
  simpleTypes,
};
