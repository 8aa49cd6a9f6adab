/**
 * Tests only: libxml2 (xmllint-wasm) with the official XSD as the oracle of the differential tests. The XSD is read
 * from ../shared/domain beside the repository, never copied into it.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

/** The official XSD's text. */
export const OFFICIAL_XSD = readFileSync(
  new URL('../../../../shared/domain/ON_EMCHD_1_928_00_01_01_01.xsd', import.meta.url),
  'utf8',
);

/**
 * Validates each document with libxml2 in one run; returns the verdict per document (true: schema-valid).
 * Documents must be UTF-8 (the WebAssembly build has no other decoders).
 */
export async function libxml2Verdicts(docs: readonly string[]): Promise<{ valid: boolean; messages: string[] }[]> {
  const names = docs.map((_, i) => `doc${i}.xml`);
  const result = await validateXML({
    xml: docs.map((contents, i) => ({ fileName: names[i] as string, contents })),
    schema: [{ fileName: 'ON_EMCHD_1_928_00_01_01_01.xsd', contents: OFFICIAL_XSD }],
    maxMemoryPages: 1024,
  });
  const messages = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const e of result.errors) {
    const file = e.loc?.fileName ?? /^(doc\d+\.xml)/.exec(e.rawMessage)?.[1];
    if (file && messages.has(file)) messages.get(file)?.push(e.message);
  }
  // xmllint prints "docN.xml validates" / "docN.xml fails to validate" per file.
  return names.map((n) => {
    const failed = new RegExp(`^${n.replace('.', '\\.')} fails to validate`, 'm').test(result.rawOutput);
    const m = messages.get(n) ?? [];
    return { valid: !failed && m.length === 0, messages: m };
  });
}
