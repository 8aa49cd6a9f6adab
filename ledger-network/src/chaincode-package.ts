import { createHash } from 'node:crypto';
import { access, chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

import * as tar from 'tar';

import { ChaincodeNotBuiltError } from './errors.js';
import { CHAINCODE_LABEL } from './topology.js';
import type { ProcessSpec } from './processes.js';
import type { NetworkTopology } from './topology.js';

/** Name of the external builder the peers are configured with. */
export const CCAAS_BUILDER_NAME = 'mchd-ccaas';

// The peer runs these with only PATH, TMPDIR, LD_LIBRARY_PATH and LIBPATH set: plain POSIX sh, no jq.
const BUILDER_SCRIPTS: Record<string, string> = {
  // detect CHAINCODE_SOURCE_DIR CHAINCODE_METADATA_DIR: claim packages whose metadata.json type is "ccaas".
  detect: `#!/bin/sh
grep -Eq '"type"[[:space:]]*:[[:space:]]*"ccaas"' "$2/metadata.json"
`,
  // build CHAINCODE_SOURCE_DIR CHAINCODE_METADATA_DIR BUILD_OUTPUT_DIR: the package holds only connection.json.
  build: `#!/bin/sh
set -e
[ -f "$1/connection.json" ] || { echo "connection.json missing from the chaincode package" >&2; exit 1; }
cp "$1/connection.json" "$3/connection.json"
if [ -d "$1/metadata" ]; then cp -R "$1/metadata" "$3/metadata"; fi
`,
  // release BUILD_OUTPUT_DIR RELEASE_OUTPUT_DIR: the peer dials the address in chaincode/server/connection.json.
  release: `#!/bin/sh
set -e
mkdir -p "$2/chaincode/server"
cp "$1/connection.json" "$2/chaincode/server/connection.json"
if [ -d "$1/metadata/statedb" ]; then mkdir -p "$2/statedb" && cp -R "$1/metadata/statedb/." "$2/statedb/"; fi
`,
};

/** Writes the chaincode-as-a-service external builder (`bin/detect`, `bin/build`, `bin/release`). */
export async function writeCcaasBuilder(builderDir: string): Promise<void> {
  const bin = join(builderDir, 'bin');
  await mkdir(bin, { recursive: true });
  for (const [name, script] of Object.entries(BUILDER_SCRIPTS)) {
    await writeFile(join(bin, name), script);
    await chmod(join(bin, name), 0o755);
  }
}

/**
 * Writes the chaincode-as-a-service package: `metadata.json` (type `ccaas`) and `code.tar.gz` holding the
 * `connection.json` that tells the peer where the chaincode server listens. The archive is reproducible (fixed
 * modification times, no owner), so the package id only changes when the address does.
 *
 * @returns the path of the package file.
 */
export async function writeCcaasPackage(topology: NetworkTopology): Promise<string> {
  const work = join(topology.chaincodeDir, 'package');
  await rm(work, { recursive: true, force: true });
  await mkdir(join(work, 'code'), { recursive: true });
  const connection = {
    address: `127.0.0.1:${topology.chaincodeServerPort}`,
    dial_timeout: '10s',
    tls_required: false,
  };
  await writeFile(join(work, 'code', 'connection.json'), JSON.stringify(connection));
  await writeFile(join(work, 'metadata.json'), JSON.stringify({ type: 'ccaas', label: CHAINCODE_LABEL }));
  const reproducible = { gzip: true, portable: true, mtime: new Date(0), noDirRecurse: true } as const;
  await tar.create({ ...reproducible, file: join(work, 'code.tar.gz'), cwd: join(work, 'code') }, ['connection.json']);
  const packageFile = join(topology.chaincodeDir, `${CHAINCODE_LABEL}.tar.gz`);
  await tar.create({ ...reproducible, file: packageFile, cwd: work }, ['metadata.json', 'code.tar.gz']);
  return packageFile;
}

/** Package id as the peer computes it: `<label>:<hex SHA-256 of the package file>`. */
export async function ccaasPackageId(packageFile: string): Promise<string> {
  const digest = createHash('sha256')
    .update(await readFile(packageFile))
    .digest('hex');
  return `${CHAINCODE_LABEL}:${digest}`;
}

/** The compiled contract package served by `fabric-chaincode-node server`. */
export interface ChaincodeSource {
  dir: string;
  /** Absolute path of package.json `main`. */
  main: string;
  /** `fabric-chaincode-node` (fabric-shim's `cli.js`) as installed for that package. */
  shimCli: string;
  /** SHA-256 over package.json and the compiled files, to restart the server when the code changes. */
  fingerprint: string;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Locates a contract package: its package.json `main` must be compiled, and fabric-shim must resolve from it.
 *
 * @throws {@link ChaincodeNotBuiltError} otherwise.
 */
export async function resolveChaincode(dir: string): Promise<ChaincodeSource> {
  const packageJsonPath = join(dir, 'package.json');
  let packageJson: { main?: unknown };
  try {
    packageJson = JSON.parse(await readFile(packageJsonPath, 'utf8')) as { main?: unknown };
  } catch (error) {
    throw new ChaincodeNotBuiltError(`cannot read ${packageJsonPath}: ${String(error)}`);
  }
  if (typeof packageJson.main !== 'string') {
    throw new ChaincodeNotBuiltError(
      `${packageJsonPath} has no "main" (fabric-chaincode-node loads the contract from it)`,
    );
  }
  const main = resolve(dir, packageJson.main);
  try {
    await access(main);
  } catch {
    throw new ChaincodeNotBuiltError(`${main} does not exist: compile the chaincode first (npm run build)`);
  }
  let shimCli: string;
  try {
    shimCli = createRequire(packageJsonPath).resolve('fabric-shim/cli.js');
  } catch (error) {
    throw new ChaincodeNotBuiltError(`fabric-shim is not installed for ${dir}: ${String(error)}`);
  }
  const hash = createHash('sha256');
  for (const file of [packageJsonPath, ...(await filesUnder(dirname(main)))]) {
    if ((await stat(file)).size > 50 * 1024 * 1024) continue;
    hash.update(file).update(await readFile(file));
  }
  return { dir, main, shimCli, fingerprint: hash.digest('hex') };
}

/** How to start the chaincode server for a package id. */
export function chaincodeServerSpec(
  topology: NetworkTopology,
  source: ChaincodeSource,
  packageId: string,
  baseEnv: NodeJS.ProcessEnv,
): ProcessSpec {
  const address = `--chaincode-address=127.0.0.1:${topology.chaincodeServerPort}`;
  return {
    name: 'chaincode',
    command: process.execPath,
    args: [source.shimCli, 'server', address, `--chaincode-id=${packageId}`, `--module-path=${source.dir}`],
    env: { ...baseEnv, CORE_CHAINCODE_LOGGING_LEVEL: 'info', CORE_CHAINCODE_LOGGING_SHIM: 'warning' },
    cwd: source.dir,
    marker: address,
  };
}
