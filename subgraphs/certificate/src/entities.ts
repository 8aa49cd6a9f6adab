import { EntitySchema } from '@mikro-orm/core';

/** A stored certificate (filled by the certificate issue: import, requests, revocation). */
export class CertificateRow {
  id!: string;
  /** SHA-1 of the DER, 40 lowercase hex digits. */
  thumbprint!: string;
  serialNumber!: string;
  notBefore!: string;
  notAfter!: string;
  subjectCommonName!: string | null;
  subjectInn!: string | null;
  subjectInnLe!: string | null;
  subjectSnils!: string | null;
  subjectOgrn!: string | null;
  /** The person (person subgraph id) the certificate belongs to, when matched. */
  ownerPersonId!: string | null;
  status!: string;
  createdAt!: string;
}

const str = (fieldName: string, length: number, nullable = false) =>
  ({ type: 'string', length, fieldName, nullable }) as const;

export const CertificateSchema = new EntitySchema<CertificateRow>({
  class: CertificateRow,
  tableName: 'certificate',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    thumbprint: str('thumbprint', 40),
    serialNumber: str('serial_number', 64),
    notBefore: str('not_before', 32),
    notAfter: str('not_after', 32),
    subjectCommonName: str('subject_common_name', 500, true),
    subjectInn: str('subject_inn', 12, true),
    subjectInnLe: str('subject_inn_le', 10, true),
    subjectSnils: str('subject_snils', 11, true),
    subjectOgrn: str('subject_ogrn', 15, true),
    ownerPersonId: str('owner_person_id', 36, true),
    status: str('status', 16),
    createdAt: str('created_at', 32),
  },
});
