import { ForbiddenError, UnauthenticatedError } from '@mchd/auth';
import { InvalidIdentifierError } from '@mchd/identifiers';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatSubgraphError, InvalidIdentifierArgumentError, NotFoundError } from './errors.js';

const wrap = (e: Error) => new GraphQLError(e.message, { originalError: e, path: ['x'] });

describe('formatSubgraphError', () => {
  it('maps known errors to their codes', () => {
    expect(formatSubgraphError({ message: 'm' }, wrap(new UnauthenticatedError())).extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(formatSubgraphError({ message: 'm' }, wrap(new ForbiddenError())).extensions?.code).toBe('FORBIDDEN');
    expect(formatSubgraphError({ message: 'm' }, wrap(new NotFoundError('no', 'input.id'))).extensions).toEqual({
      code: 'NOT_FOUND',
      path: 'input.id',
    });
    expect(
      formatSubgraphError(
        { message: 'm' },
        wrap(new InvalidIdentifierArgumentError('bad', 'input.inn', 'INN', 'CHECKSUM')),
      ).extensions,
    ).toEqual({ code: 'INVALID_IDENTIFIER', path: 'input.inn', kind: 'INN', problem: 'CHECKSUM' });
    expect(
      formatSubgraphError({ message: 'm' }, wrap(new InvalidIdentifierError('SNILS', '1', 'FORMAT'))).extensions?.code,
    ).toBe('INVALID_IDENTIFIER');
  });

  it('hides unknown errors behind INTERNAL_SERVER_ERROR and reports them', () => {
    const seen: unknown[] = [];
    const f = formatSubgraphError({ message: 'secret detail', path: ['x'] }, wrap(new Error('secret detail')), (e) =>
      seen.push(e),
    );
    expect(f).toEqual({ message: 'Internal server error', path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(seen).toHaveLength(1);
  });
});
