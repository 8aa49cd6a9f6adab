import { GraphQLScalarType } from 'graphql';
import { GraphQLByte, GraphQLDateTime, GraphQLLocalDate, GraphQLUUID } from 'graphql-scalars';

/**
 * `DateTime`: an RFC 3339 date-time with offset (graphql-scalars). Serializes `Date` objects to
 * `2026-11-23T18:00:00.000Z`; parses to `Date`.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTime.toConfig(),
  name: 'DateTime',
  description: 'An instant as an RFC 3339 date-time with offset, e.g. `2026-11-23T18:00:00Z`.',
});

/** `Date`: an RFC 3339 full date `YYYY-MM-DD`, carried as a string both ways (graphql-scalars LocalDate). */
export const DateScalar = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  name: 'Date',
  description: 'A calendar date as an RFC 3339 full-date string `YYYY-MM-DD`, e.g. `2026-11-23`.',
});

/** `Base64`: bytes as a base64 string (graphql-scalars Byte); parses to a `Buffer`. */
export const Base64Scalar = new GraphQLScalarType({
  ...GraphQLByte.toConfig(),
  name: 'Base64',
  description: 'Bytes in standard base64 (RFC 4648), e.g. an XML document or a DER signature.',
});

/** `GUID`: a UUID in canonical 8-4-4-4-12 hexadecimal form (graphql-scalars UUID). */
export const GuidScalar = new GraphQLScalarType({
  ...GraphQLUUID.toConfig(),
  name: 'GUID',
  description: 'A GUID (UUID) in the canonical form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.',
});
