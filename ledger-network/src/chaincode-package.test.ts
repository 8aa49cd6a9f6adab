import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ccaasPackageId,
  chaincodeServerSpec,
  resolveChaincode,
  writeCcaasBuilder,
  writeCcaasPackage,
} from './chaincode-package.js';
import { ChaincodeNotBuiltError } from './errors.js';
import { baseEnvironment } from './fabric-env.js';
import { isListening, waitFor } from './health.js';
import { findFreeBasePort } from './ports.js';
import { runningProcess, startDetached, stopProcess } from './processes.js';
import { networkTopology } from './topology.js';

const run = promisify(execFile);
const fixtureContract = resolve(import.meta.dirname, '..', 'fixtures', 'contract');

async function entries(file: string): Promise<string[]> {
  const names: string[] = [];
  await tar.list({ file, onReadEntry: (entry) => void names.push(entry.path) });
  return names;
}

describe('chaincode-as-a-service package and builder', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mchd-ccaas-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('packages metadata.json and code.tar.gz with the chaincode server address', async () => {
    const topology = networkTopology(dir, 30000);
    const packageFile = await writeCcaasPackage(topology);
    expect(await entries(packageFile)).toEqual(['metadata.json', 'code.tar.gz']);
    const out = join(dir, 'extracted');
    await mkdir(join(out, 'code'), { recursive: true });
    await tar.extract({ file: packageFile, cwd: out });
    await tar.extract({ file: join(out, 'code.tar.gz'), cwd: join(out, 'code') });
    expect(JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8'))).toEqual({
      type: 'ccaas',
      label: 'mchd_ccaas',
    });
    expect(JSON.parse(await readFile(join(out, 'code', 'connection.json'), 'utf8'))).toEqual({
      address: '127.0.0.1:30030',
      dial_timeout: '10s',
      tls_required: false,
    });
  });

  it('gives the same package id for the same address and another for another address', async () => {
    const first = await ccaasPackageId(await writeCcaasPackage(networkTopology(dir, 30000)));
    const again = await ccaasPackageId(await writeCcaasPackage(networkTopology(dir, 30000)));
    const other = await ccaasPackageId(await writeCcaasPackage(networkTopology(dir, 31000)));
    expect(first).toMatch(/^mchd_ccaas:[0-9a-f]{64}$/);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('has builder scripts that claim only ccaas packages and release connection.json', async () => {
    const builder = join(dir, 'builder');
    await writeCcaasBuilder(builder);
    const source = join(dir, 'src');
    const metadata = join(dir, 'meta');
    const output = join(dir, 'build-out');
    const release = join(dir, 'release-out');
    for (const path of [source, metadata, output, release]) await mkdir(path, { recursive: true });
    await writeFile(join(source, 'connection.json'), '{"address":"127.0.0.1:1"}');
    // The peer gives the scripts only PATH (and TMPDIR, LD_LIBRARY_PATH, LIBPATH).
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

    await writeFile(join(metadata, 'metadata.json'), '{"type":"node","label":"x"}');
    await expect(run(join(builder, 'bin', 'detect'), [source, metadata], { env })).rejects.toThrow();
    await writeFile(join(metadata, 'metadata.json'), '{"label":"x", "type" : "ccaas"}');
    await run(join(builder, 'bin', 'detect'), [source, metadata], { env });

    await run(join(builder, 'bin', 'build'), [source, metadata, output], { env });
    await run(join(builder, 'bin', 'release'), [output, release], { env });
    expect(await readFile(join(release, 'chaincode', 'server', 'connection.json'), 'utf8')).toBe(
      '{"address":"127.0.0.1:1"}',
    );
  });

  it('fails the build when the package has no connection.json', async () => {
    const builder = join(dir, 'builder');
    await writeCcaasBuilder(builder);
    const empty = join(dir, 'empty-src');
    await mkdir(empty, { recursive: true });
    await expect(run(join(builder, 'bin', 'build'), [empty, empty, join(dir, 'out2')])).rejects.toThrow(
      /connection.json missing/,
    );
  });
});

describe('chaincode server', () => {
  it('locates a compiled contract package and fabric-shim for it', async () => {
    const source = await resolveChaincode(fixtureContract);
    expect(source.main).toBe(join(fixtureContract, 'index.mjs'));
    expect(source.shimCli).toMatch(/fabric-shim[/\\]cli\.js$/);
    expect(source.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a package without a compiled main with a typed error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-nomain-'));
    try {
      await writeFile(join(dir, 'package.json'), '{"name":"x"}');
      await expect(resolveChaincode(dir)).rejects.toThrow(ChaincodeNotBuiltError);
      await writeFile(join(dir, 'package.json'), '{"name":"x","main":"dist/index.js"}');
      await expect(resolveChaincode(dir)).rejects.toThrow(/compile the chaincode first/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves the contract with fabric-chaincode-node as a detached process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-ccserver-'));
    const topology = networkTopology(dir, await findFreeBasePort());
    try {
      const source = await resolveChaincode(fixtureContract);
      const spec = chaincodeServerSpec(topology, source, 'mchd_ccaas:00', baseEnvironment());
      await startDetached(spec, topology.runDir, topology.logsDir);
      expect(await waitFor(() => isListening(topology.chaincodeServerPort), 20_000)).toBe(true);
      expect(await runningProcess(topology.runDir, 'chaincode')).toBeDefined();
      expect(await stopProcess(topology.runDir, 'chaincode')).toBe(true);
      expect(await runningProcess(topology.runDir, 'chaincode')).toBeUndefined();
      expect(await isListening(topology.chaincodeServerPort)).toBe(false);
    } finally {
      await stopProcess(topology.runDir, 'chaincode');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
