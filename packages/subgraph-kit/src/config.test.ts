import { describe, expect, it } from 'vitest';
import { ConfigError, loadSubgraphConfig } from './config.js';

describe('loadSubgraphConfig', () => {
  it('applies defaults', () => {
    const c = loadSubgraphConfig('person', 4001, {});
    expect(c).toMatchObject({ name: 'person', port: 4001, host: '127.0.0.1', logLevel: 'info' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.limits).toEqual({ maxDepth: 15, maxCost: 10_000, maxBodyBytes: 8 * 1024 * 1024 });
  });

  it('reads the variables', () => {
    const c = loadSubgraphConfig('person', 4001, {
      PORT: '5001',
      HOST: '0.0.0.0',
      MCHD_DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u:p@db/mchd',
      LOG_LEVEL: 'DEBUG',
      MCHD_MAX_DEPTH: '7',
    });
    expect(c).toMatchObject({ port: 5001, host: '0.0.0.0', dataDir: '/tmp/x', databaseUrl: 'postgres://u:p@db/mchd' });
    expect(c.logLevel).toBe('debug');
    expect(c.limits.maxDepth).toBe(7);
    expect(c.auth.dataDir).toBe('/tmp/x');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'PORT must be an integer 0-65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT', 'PORT must be an integer 0-65535, got "70000"'],
    [
      { DATABASE_URL: 'mysql://u:secret@h/db' },
      'DATABASE_URL',
      'DATABASE_URL must be a postgres:// or postgresql:// URL (or unset for SQLite), got "mysql://u:***@h/db"',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [{ MCHD_MAX_COST: '-1' }, 'MCHD_MAX_COST', 'MCHD_MAX_COST must be an integer 1-100000000, got "-1"'],
    [{ MCHD_JWKS_URL: 'not a url' }, 'MCHD_JWKS_URL', 'MCHD_JWKS_URL'],
  ])('names the bad variable: %o', (env, variable, message) => {
    let error: unknown;
    try {
      loadSubgraphConfig('person', 4001, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(message);
  });
});
