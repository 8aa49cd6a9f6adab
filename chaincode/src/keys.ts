/**
 * Composite-key object types of the registry's world state. Every index entry's key ends with the GUID it points
 * to, so a partial-key query over the leading attributes lists the matching GUIDs in key order.
 */
export const Keys = {
  /** `[guid]` → the {@link PowerOfAttorneyRecord} JSON. */
  record: 'mchd',
  /** `[principalInn, guid]` → guid. */
  byPrincipal: 'mchd~principal',
  /** `['inn' | 'snils', value, guid]` → guid. */
  byRepresentative: 'mchd~representative',
  /** `[parentGuid, guid]` → guid. */
  byParent: 'mchd~child',
  /** `[documentSha256]` → guid: makes registration idempotent whatever the GUID. */
  byDocument: 'mchd~document',
} as const;
