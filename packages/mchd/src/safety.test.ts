import { seededRandom } from '@mchd/identifiers';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildPowerOfAttorneyXml, examplePowerOfAttorney, FINDING_CODES, readPowerOfAttorney } from './index.js';
import { fuzzOnce } from './testing/mutations.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const codes = (bytes: Uint8Array, options = {}): string[] =>
  readPowerOfAttorney(bytes, options).errors.map((e) => e.code);

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ИдФайл="&lol9;"/>`;

describe('safety of the reader', () => {
  it('refuses the billion laughs before any entity is expanded', () => {
    const result = readPowerOfAttorney(utf8(BILLION_LAUGHS));
    expect(result).toMatchObject({ valid: false, document: null, format: null });
    expect(result.errors.map((e) => e.code)).toEqual(['MCHD_FORBIDDEN_DTD']);
  });

  it('refuses any DOCTYPE, also an external one, and entity references it would define', () => {
    expect(codes(utf8('<!DOCTYPE Доверенность SYSTEM "file:///etc/passwd"><Доверенность/>'))).toEqual([
      'MCHD_FORBIDDEN_DTD',
    ]);
    expect(codes(utf8('<?xml version="1.0"?>\n<!-- c --><!DOCTYPE a><a/>'))).toEqual(['MCHD_FORBIDDEN_DTD']);
    expect(codes(utf8('<a>&xxe;</a>'))).toEqual(['MCHD_MALFORMED_XML']);
  });

  it('refuses inputs over the size limit, by default 1 MiB, without parsing them', () => {
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x20);
    expect(codes(big)).toEqual(['INPUT_TOO_LARGE']);
    const doc = buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 1 }));
    expect(codes(doc, { maxBytes: doc.length - 1 })).toEqual(['INPUT_TOO_LARGE']);
    expect(codes(doc, { maxBytes: doc.length })).toEqual([]);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(codes(utf8(deep), { maxBytes: 10_000_000 })).toEqual(['MCHD_TOO_DEEP']);
    const doc = buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 1 }));
    expect(codes(doc, { maxDepth: 5 })).toEqual(['MCHD_TOO_DEEP']);
    expect(FINDING_CODES).toHaveProperty('MCHD_TOO_DEEP');
  });

  it('keeps attribute and element names such as __proto__ away from object prototypes', () => {
    const xml =
      '<Доверенность xmlns="urn://x-artefacts/EMCHD_1" __proto__="x" constructor="y" polluted="1"><__proto__ polluted="1"/></Доверенность>';
    const result = readPowerOfAttorney(utf8(xml));
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.path)).toContain('/Доверенность/@__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('gives MCHD_MALFORMED_XML for bytes invalid in the declared encoding', () => {
    expect(
      codes(new Uint8Array([...utf8('<?xml version="1.0" encoding="UTF-8"?><a>'), 0xc3, 0x28, ...utf8('</a>')])),
    ).toEqual(['MCHD_MALFORMED_XML']);
    expect(
      codes(
        new Uint8Array([
          ...iconv.encode('<?xml version="1.0" encoding="windows-1251"?><a>', 'win1251'),
          0x98,
          ...utf8('</a>'),
        ]),
      ),
    ).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<?xml version="1.0" encoding="KOI8-R"?><a/>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a>\u0001</a>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a><b></a>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a/><b/>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a x="1" x="2"/>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a>&#0;</a>'))).toEqual(['MCHD_MALFORMED_XML']);
    // What fast-xml-parser alone would accept but XML 1.0 (and libxml2) does not:
    expect(codes(utf8('<a>]]></a>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a><!-- a -- b --></a>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a><?xml version="1.0"?></a>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a b="<"/>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a>&nbsp;</a>'))).toEqual(['MCHD_MALFORMED_XML']);
    expect(codes(utf8('<a>&amp</a>'))).toEqual(['MCHD_MALFORMED_XML']);
  });

  it('never throws on non-bytes input', () => {
    expect(codes('not bytes' as unknown as Uint8Array)).toEqual(['MCHD_MALFORMED_XML']);
  });

  it('survives 2,000 seeded random mutations: every outcome is a model or coded errors', () => {
    const random = seededRandom(2026);
    const bases = [
      examplePowerOfAttorney({ seed: 1 }),
      examplePowerOfAttorney({ seed: 2, principalType: 'person', representativeType: 'legalEntity' }),
      examplePowerOfAttorney({ seed: 3, parent: examplePowerOfAttorney({ seed: 1 }) }),
      examplePowerOfAttorney({ seed: 4, format: '002' }),
    ].map((d) => buildPowerOfAttorneyXml(d));
    let models = 0;
    for (let i = 0; i < 2000; i++) {
      const base = bases[i % bases.length] as Uint8Array;
      const bytes = fuzzOnce(base, random);
      const result = readPowerOfAttorney(bytes);
      expect(result.document !== null || result.errors.length > 0).toBe(true);
      for (const e of result.errors) {
        expect(FINDING_CODES).toHaveProperty(e.code);
        expect(e.message).not.toMatch(/^internal error/);
      }
      if (result.document) models++;
    }
    expect(models).toBeGreaterThan(0);
  });
});
