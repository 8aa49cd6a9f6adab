import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFromAuthorization,
  createTokenVerifier,
  ForbiddenError,
  issueDevelopmentToken,
  loadDevelopmentKey,
  requireOrg,
  UnauthenticatedError,
} from './index.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mchd-auth-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('development tokens', () => {
  it('round-trip roles and organizations', async () => {
    const token = await issueDevelopmentToken({ dataDir }, { roles: ['registrar'], orgs: ['7707083893'] });
    const verifier = await createTokenVerifier({ dataDir });
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['registrar'], orgs: ['7707083893'] });
  });

  it('generates the key once even when many processes race', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-auth-race-'));
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadDevelopmentKey(dir)));
    expect(new Set(keys.map((k) => k.publicKeyPem)).size).toBe(1);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses expired, foreign, tampered and malformed tokens', async () => {
    const verifier = await createTokenVerifier({ dataDir });
    const expired = await issueDevelopmentToken(
      { dataDir },
      { roles: ['auditor'], issuedAt: 1_000_000, ttlSeconds: 60 },
    );
    await expect(verifier.verify(expired)).rejects.toBeInstanceOf(UnauthenticatedError);

    const other = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ roles: ['auditor'], orgs: [] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('mchd-development')
      .setAudience('mchd')
      .setExpirationTime('1h')
      .sign(other.privateKey);
    await expect(verifier.verify(foreign)).rejects.toBeInstanceOf(UnauthenticatedError);

    const good = await issueDevelopmentToken({ dataDir }, { roles: ['operator'] });
    const [h, p, s] = good.split('.');
    const tampered = [h, Buffer.from(JSON.stringify({ roles: ['auditor'], orgs: [] })).toString('base64url'), s].join(
      '.',
    );
    expect(p).not.toBe(tampered.split('.')[1]);
    await expect(verifier.verify(tampered)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(callerFromAuthorization('Basic abc', verifier)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(callerFromAuthorization(undefined, verifier)).resolves.toBeNull();
  });

  it('refuses unknown roles', async () => {
    const other = await generateKeyPair('ES256', { extractable: true });
    const verifier = await createTokenVerifier({ dataDir, publicKeyPem: await exportSPKI(other.publicKey) });
    const token = await new SignJWT({ roles: ['superuser'] })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(other.privateKey);
    await expect(verifier.verify(token)).rejects.toThrow(/roles/);
    const ok = await new SignJWT({ roles: ['auditor'] }).setProtectedHeader({ alg: 'ES256' }).sign(other.privateKey);
    await expect(verifier.verify(ok)).resolves.toMatchObject({ roles: ['auditor'], orgs: [] });
  });
});

describe('requireOrg', () => {
  const registrar = { subject: 'r', roles: ['registrar'] as const, orgs: ['7707083893'] };
  it('passes for the own organization and refuses another', () => {
    expect(requireOrg(registrar, '7707083893', 'registrar')).toBe(registrar);
    expect(() => requireOrg(registrar, '7736050003')).toThrow(ForbiddenError);
    expect(() => requireOrg(registrar, '7707083893', 'admin')).toThrow(ForbiddenError);
    expect(() => requireOrg(null, '7707083893')).toThrow(UnauthenticatedError);
    expect(requireOrg({ subject: 'a', roles: ['auditor'], orgs: [] }, '7736050003', 'admin').subject).toBe('a');
  });
});

describe('verified token cache', () => {
  it('checks a token once, and again once its exp has passed', async () => {
    let now = Date.now();
    const verifier = await createTokenVerifier({ dataDir }, { now: () => now });
    const token = await issueDevelopmentToken({ dataDir }, { roles: ['operator'], ttlSeconds: 60 });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    now += 61_000;
    const again = await verifier.verify(token);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('stays within its size and keeps no token without exp', () => {
    const cache = new VerifiedTokenCache(2, () => 0);
    const caller = { subject: 's', roles: [], orgs: [] };
    cache.put('a', caller, 10);
    cache.put('b', caller, 10);
    cache.put('c', caller, 10);
    cache.put('d', caller, undefined);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe(caller);
    expect(cache.get('d')).toBeUndefined();
  });
});
