import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FABRIC_TOOLS, installFabricBinaries } from './binaries.js';
import { FabricBinariesUnavailableError } from './errors.js';

describe('installFabricBinaries', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mchd-bin-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fakeRelease(name: string, version: string, tools: readonly string[]): Promise<string> {
    const bin = join(dir, name, 'bin');
    await mkdir(bin, { recursive: true });
    await mkdir(join(dir, name, 'config'), { recursive: true });
    await writeFile(join(dir, name, 'config', 'core.yaml'), 'peer: {}\n');
    for (const tool of tools) {
      await writeFile(join(bin, tool), `#!/bin/sh\necho " Version: ${version}"\n`);
      await chmod(join(bin, tool), 0o755);
    }
    return bin;
  }

  it('uses FABRIC_BIN_DIR with the config directory beside it', async () => {
    const bin = await fakeRelease('release', '3.1.5', FABRIC_TOOLS);
    const binaries = await installFabricBinaries({ env: { FABRIC_BIN_DIR: bin }, cacheDir: join(dir, 'cache') });
    expect(binaries).toEqual({ version: '3.1.5', binDir: bin, configDir: join(bin, '..', 'config') });
  });

  it('names the programs missing from FABRIC_BIN_DIR', async () => {
    const bin = await fakeRelease('partial', '3.1.5', ['peer', 'orderer']);
    const error: unknown = await installFabricBinaries({ env: { FABRIC_BIN_DIR: bin } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FabricBinariesUnavailableError);
    expect((error as Error).message).toContain('lacks configtxgen, cryptogen, osnadmin');
  });

  it('refuses binaries of another Fabric version', async () => {
    const bin = await fakeRelease('old', '2.5.9', FABRIC_TOOLS);
    await expect(installFabricBinaries({ env: { FABRIC_BIN_DIR: bin } })).rejects.toThrow(
      /holds Fabric 2\.5\.9, expected 3\.1\.5/,
    );
  });

  it('reports a failed go install as FABRIC_BINARIES_UNAVAILABLE and leaves no partial cache', async () => {
    const cacheDir = join(dir, 'cache-offline');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, GOPROXY: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
    const error: unknown = await installFabricBinaries({ env, cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FabricBinariesUnavailableError);
    expect((error as FabricBinariesUnavailableError).code).toBe('FABRIC_BINARIES_UNAVAILABLE');
    expect((error as Error).message).toMatch(/go install|go: /);
    expect(await readdir(cacheDir)).toEqual([]);
  });
});
