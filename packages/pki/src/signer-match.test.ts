import { describe, expect, it } from 'vitest';
import { type CertificateInfo } from './certificate.js';
import { matchSigner } from './signer-match.js';

function cert(
  parts: Partial<CertificateInfo> & { surname?: string; givenName?: string; commonName?: string },
): CertificateInfo {
  return {
    inn: parts.inn,
    snils: parts.snils,
    subjectName: { surname: parts.surname, givenName: parts.givenName, commonName: parts.commonName },
  } as unknown as CertificateInfo;
}

const signatories = [
  { inn: '500100732259', snils: '112-233-445 95', lastName: 'Иванов', firstName: 'Иван', middleName: 'Иванович' },
  { inn: '772830410106', lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' },
  { lastName: 'Сидоров', firstName: 'Пётр', middleName: 'Ильич' },
];

describe('matchSigner', () => {
  it('matches by INN', () => {
    expect(matchSigner(cert({ inn: '772830410106' }), signatories)).toEqual({
      matched: true,
      strength: 'identifier',
      candidateIndex: 1,
    });
  });

  it('matches by SNILS in any notation', () => {
    expect(matchSigner(cert({ snils: '11223344595' }), signatories)).toEqual({
      matched: true,
      strength: 'identifier',
      candidateIndex: 0,
    });
  });

  it('falls back to the full name (ё = е, case-insensitive) as a weaker match', () => {
    const c = cert({ surname: 'СИДОРОВ', givenName: 'Петр Ильич' });
    expect(matchSigner(c, signatories)).toEqual({ matched: true, strength: 'name', candidateIndex: 2 });
    expect(matchSigner(cert({ commonName: 'Сидоров Пётр Ильич' }), signatories).strength).toBe('name');
  });

  it('never matches a candidate whose identifier contradicts the certificate, even with the same name', () => {
    const c = cert({ inn: '390000000007', surname: 'Петрова', givenName: 'Анна Сергеевна' });
    expect(matchSigner(c, signatories)).toEqual({ matched: false, strength: 'none' });
  });

  it('reports no match', () => {
    expect(matchSigner(cert({ inn: '390000000007', commonName: 'Кто-то' }), signatories).matched).toBe(false);
    expect(matchSigner(cert({ inn: '500100732259' }), []).matched).toBe(false);
  });
});
