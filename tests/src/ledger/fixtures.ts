import { createHash, randomBytes } from 'node:crypto';
import type { PowerOfAttorneyMetadata } from '@mchd/ledger';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Makes distinct, well-formed MCHD metadata for ledger tests. Every call gets its own document and signature
 * hashes (from a per-run salt, so that runs against a long-lived network never collide) and its own identifiers
 * when asked.
 */
export class MetadataFactory {
  private n = 0;
  private readonly salt = randomBytes(8).toString('hex');

  /** A 12-digit INN unique to this factory and `tag` (the contract checks the pattern; checksums are the format layer's). */
  inn(tag: string): string {
    return (BigInt('0x' + sha256(`${this.salt}:inn:${tag}`).slice(0, 15)) % 10n ** 12n).toString().padStart(12, '0');
  }

  /** An 11-digit SNILS unique to this factory and `tag`. */
  snils(tag: string): string {
    return (BigInt('0x' + sha256(`${this.salt}:snils:${tag}`).slice(0, 15)) % 10n ** 11n).toString().padStart(11, '0');
  }

  /** A GUID unique to this factory and `tag`. */
  guid(tag: string): string {
    const h = sha256(`${this.salt}:guid:${tag}`);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Metadata of a root MCHD valid 2025-01-01 … 2035-12-31 with power `P1` and `P2`, unless overridden. */
  metadata(overrides: Partial<PowerOfAttorneyMetadata> = {}): PowerOfAttorneyMetadata {
    const i = ++this.n;
    return {
      number: `TEST-${i}`,
      format: 'EMCHD_1',
      issuedOn: '2025-01-01',
      validUntil: '2035-12-31',
      principals: [{ inn: '7707083893', kpp: '773601001', ogrn: '1027700132195' }],
      representatives: [{ inn: '500100732259', snils: '11223344595' }],
      powers: ['P1', 'P2'],
      redelegation: 'successive',
      kind: 'revocable',
      documentSha256: sha256(`${this.salt}:doc:${i}`),
      documentStreebog256: sha256(`${this.salt}:doc-gost:${i}`),
      signatureSha256: sha256(`${this.salt}:sig:${i}`),
      signatureStreebog256: sha256(`${this.salt}:sig-gost:${i}`),
      signerThumbprint: sha256(`${this.salt}:signer:${i}`).slice(0, 40),
      ...overrides,
    };
  }
}

/** Takes events from `stream` until `done` says so (or `timeoutMs` passes, which fails). */
export async function collectEvents<T>(
  stream: (signal: AbortSignal) => AsyncIterable<T>,
  done: (seen: T[]) => boolean,
  timeoutMs = 20_000,
): Promise<T[]> {
  const controller = new AbortController();
  const seen: T[] = [];
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const event of stream(controller.signal)) {
      seen.push(event);
      if (done(seen)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  if (!done(seen)) throw new Error(`event stream ended after ${seen.length} events without the expected ones`);
  return seen;
}
