import { access, chmod, cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';

import { runCommand } from './command.js';
import { FabricBinariesUnavailableError, LedgerNetworkError } from './errors.js';
import { withFileLock } from './file-lock.js';
import { fabricHome } from './paths.js';

/** Fabric release the network runs. */
export const FABRIC_VERSION = '3.1.5';
/** Go module of Fabric. Its go.mod has no `/v3` suffix, so the release is addressed by a pseudo-version. */
export const FABRIC_MODULE = 'github.com/hyperledger/fabric';
/** Pseudo-version of the `v3.1.5` tag (commit 86c1172bec37, committed 2026-06-18 07:48:16 UTC). */
export const FABRIC_MODULE_VERSION = 'v1.4.0-rc1.0.20260618074816-86c1172bec37';
/** The programs the network needs. */
export const FABRIC_TOOLS = ['peer', 'orderer', 'configtxgen', 'cryptogen', 'osnadmin'] as const;

/** Name of one of {@link FABRIC_TOOLS}. */
export type FabricTool = (typeof FABRIC_TOOLS)[number];

/** Where the Fabric programs and their default configuration (core.yaml, orderer.yaml) are. */
export interface FabricBinaries {
  version: string;
  binDir: string;
  /** Directory holding Fabric's `sampleconfig` files (core.yaml, orderer.yaml, configtx.yaml). */
  configDir: string;
}

/** Options of {@link installFabricBinaries}. */
export interface InstallOptions {
  /** Cache root; binaries go to `<cacheDir>/<version>/`. Defaults to `<repo>/.fabric/bin`. */
  cacheDir?: string;
  log?: (line: string) => void;
  /** Environment to read `FABRIC_BIN_DIR` from and to run `go` with. Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

const COMPLETE_MARKER = '.complete';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function checkTools(binDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of FABRIC_TOOLS) {
    try {
      await access(join(binDir, tool), constants.X_OK);
    } catch {
      missing.push(tool);
    }
  }
  return missing;
}

/** `FABRIC_BIN_DIR` (a release archive's `bin/`, or a directory of self-built programs) with its `config/`. */
async function fromEnvironment(binDir: string): Promise<FabricBinaries> {
  const missing = await checkTools(binDir);
  if (missing.length > 0) {
    throw new FabricBinariesUnavailableError(`FABRIC_BIN_DIR=${binDir} lacks ${missing.join(', ')}`);
  }
  const candidates = [join(binDir, 'config'), join(binDir, '..', 'config')];
  let configDir: string | undefined;
  for (const candidate of candidates) {
    if (await exists(join(candidate, 'core.yaml'))) {
      configDir = candidate;
      break;
    }
  }
  if (!configDir) {
    throw new FabricBinariesUnavailableError(
      `FABRIC_BIN_DIR=${binDir}: no core.yaml in ${candidates.join(' or ')} (copy Fabric's sampleconfig there)`,
    );
  }
  const { stdout } = await runCommand(join(binDir, 'peer'), ['version']);
  const version = /Version:\s*v?([0-9][^\s]*)/.exec(stdout)?.[1];
  if (version !== FABRIC_VERSION) {
    throw new FabricBinariesUnavailableError(
      `FABRIC_BIN_DIR=${binDir} holds Fabric ${version ?? '(unknown)'}, expected ${FABRIC_VERSION}`,
    );
  }
  return { version: FABRIC_VERSION, binDir, configDir };
}

async function goInstall(target: string, log: (line: string) => void, env: NodeJS.ProcessEnv): Promise<void> {
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const goEnv = { ...env, GOBIN: partial, GOFLAGS: '-mod=mod' };
  const packages = FABRIC_TOOLS.map((tool) => `${FABRIC_MODULE}/cmd/${tool}@${FABRIC_MODULE_VERSION}`);
  const args = [
    'install',
    '-trimpath',
    '-ldflags',
    `-X ${FABRIC_MODULE}/common/metadata.Version=${FABRIC_VERSION}`,
    ...packages,
  ];
  log(`building Fabric ${FABRIC_VERSION} with: go ${args.join(' ')}`);
  const started = Date.now();
  try {
    await runCommand('go', args, { env: goEnv, timeoutMs: 40 * 60_000 });
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    const detail = error instanceof LedgerNetworkError ? error.message : String(error);
    throw new FabricBinariesUnavailableError(
      `cannot build Fabric ${FABRIC_VERSION} from the Go module proxy (${detail}). ` +
        `Alternatively set FABRIC_BIN_DIR to a directory holding Fabric ${FABRIC_VERSION}'s ` +
        `${FABRIC_TOOLS.join(', ')} and a config/ directory with core.yaml and orderer.yaml.`,
      { cause: error },
    );
  }
  log(`built Fabric ${FABRIC_VERSION} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const { stdout } = await runCommand('go', ['env', 'GOMODCACHE'], { env: goEnv });
  const sampleconfig = join(stdout.trim(), `${FABRIC_MODULE}@${FABRIC_MODULE_VERSION}`, 'sampleconfig');
  log(`Fabric sampleconfig: ${sampleconfig}`);
  const configDir = join(partial, 'config');
  await cp(sampleconfig, configDir, { recursive: true });
  // The module cache is read-only; the copy must be writable so that it can be deleted again.
  for (const entry of await readdir(configDir, { recursive: true })) {
    const path = join(configDir, entry);
    await chmod(path, (await stat(path)).isDirectory() ? 0o755 : 0o644);
  }
  await chmod(configDir, 0o755);
  await writeFile(join(partial, COMPLETE_MARKER), `${FABRIC_MODULE}@${FABRIC_MODULE_VERSION}\n`);
  await rm(target, { recursive: true, force: true });
  await rename(partial, target);
}

/**
 * Makes the pinned Fabric programs available: `FABRIC_BIN_DIR` when set, else the cache
 * `<repo>/.fabric/bin/<version>/`, else builds them once with `go install` from the Go module proxy into that cache
 * (a few minutes on two cores). Concurrent callers wait for one build.
 *
 * @throws {@link FabricBinariesUnavailableError} when none of these works.
 *
 * @example
 * ```ts
 * const { binDir, configDir } = await installFabricBinaries({ log: console.log });
 * ```
 */
export async function installFabricBinaries(options: InstallOptions = {}): Promise<FabricBinaries> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const fromEnv = env.FABRIC_BIN_DIR;
  if (fromEnv) return fromEnvironment(fromEnv);
  const cacheDir = options.cacheDir ?? join(fabricHome, 'bin');
  const target = join(cacheDir, FABRIC_VERSION);
  const cached = async (): Promise<FabricBinaries | undefined> =>
    (await exists(join(target, COMPLETE_MARKER))) && (await checkTools(target)).length === 0
      ? { version: FABRIC_VERSION, binDir: target, configDir: join(target, 'config') }
      : undefined;
  const hit = await cached();
  if (hit) return hit;
  await mkdir(cacheDir, { recursive: true });
  return withFileLock(join(cacheDir, `${FABRIC_VERSION}.lock`), async () => {
    const again = await cached();
    if (again) return again;
    await goInstall(target, log, env);
    const built = await cached();
    if (!built) throw new FabricBinariesUnavailableError(`go install did not produce ${FABRIC_TOOLS.join(', ')}`);
    return built;
  });
}
