import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTime, GraphQLLocalDate, GraphQLUUID } from 'graphql-scalars';

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

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bytesFromBase64(value: unknown): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw new GraphQLError('Base64 must be a string in standard base64 (RFC 4648, with padding)', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return Buffer.from(value, 'base64');
}

/**
 * `Base64`: bytes on the wire as a standard base64 string (RFC 4648, padded); inputs parse to a `Buffer`, and
 * `Uint8Array`/`Buffer` results serialize to base64 text (never to a JSON byte array).
 */
export const Base64Scalar = new GraphQLScalarType<Buffer, string>({
  name: 'Base64',
  description: 'Bytes in standard base64 (RFC 4648), e.g. an XML document or a DER signature.',
  serialize(value) {
    if (value instanceof Uint8Array)
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    if (typeof value === 'string' && BASE64.test(value)) return value;
    throw new GraphQLError('Base64 cannot represent this value');
  },
  parseValue: bytesFromBase64,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Base64 must be a string', { nodes: [ast], extensions: { code: 'BAD_USER_INPUT' } });
    }
    return bytesFromBase64(ast.value);
  },
});

/** `GUID`: a UUID in canonical 8-4-4-4-12 hexadecimal form (graphql-scalars UUID). */
export const GuidScalar = new GraphQLScalarType({
  ...GraphQLUUID.toConfig(),
  name: 'GUID',
  description: 'A GUID (UUID) in the canonical form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.',
});
