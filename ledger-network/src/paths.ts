import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the monorepo checkout: `ledger-network/src` and `ledger-network/dist` both sit two levels below it. */
export const repositoryRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `<repo>/.fabric`: git-ignored home of the binary cache and of the default network. */
export const fabricHome: string = join(repositoryRoot, '.fabric');

/** Directory of the network started by `npm run ledger:up`. */
export const defaultNetworkDir: string = join(fabricHome, 'network');

/** Connection settings written by `npm run ledger:up`. */
export const defaultConnectionFile: string = join(defaultNetworkDir, 'connection.json');

/** The contract package deployed by default (`@mchd/chaincode`). */
export const defaultChaincodeDir: string = join(repositoryRoot, 'chaincode');
