import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

/** The algorithm of the development key pair. */
export const DEVELOPMENT_ALGORITHM = 'ES256';
/** Issuer and audience written into development tokens. */
export const DEVELOPMENT_ISSUER = 'mchd-development';
export const DEVELOPMENT_AUDIENCE = 'mchd';

interface StoredKey {
  readonly algorithm: string;
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/**
 * Loads the development key pair from `<dataDir>/keys/jwt-development.json`, generating it once when absent.
 * Several processes may start at once: the file appears atomically (a hard link of a complete temporary file),
 * and a process that loses the race reads the winner's key.
 *
 * @example
 * ```ts
 * const { publicKeyPem } = await loadDevelopmentKey('./data');
 * ```
 */
export async function loadDevelopmentKey(dataDir: string): Promise<StoredKey> {
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'jwt-development.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredKey;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair(DEVELOPMENT_ALGORITHM, { extractable: true });
  const stored: StoredKey = {
    algorithm: DEVELOPMENT_ALGORITHM,
    privateKeyPem: await exportPKCS8(privateKey),
    publicKeyPem: await exportSPKI(publicKey),
  };
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(stored, null, 2), { mode: 0o600 });
  try {
    await link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await unlink(tmp);
  }
  return JSON.parse(await readFile(file, 'utf8')) as StoredKey;
}
