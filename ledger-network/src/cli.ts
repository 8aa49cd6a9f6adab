#!/usr/bin/env node
import { parseArgs } from 'node:util';

import { installFabricBinaries } from './binaries.js';
import { LedgerNetworkError } from './errors.js';
import { ensureNetwork, stopNetwork } from './network.js';
import { defaultNetworkDir } from './paths.js';

const USAGE = `usage: node ledger-network/dist/cli.js <command> [options]

  install                 build the pinned Fabric binaries into .fabric/bin/<version>/ (once; cached)
  up   [--dir D] [--base-port P] [--chaincode-dir C] [--strict-endorsement]
                          start (or resume) the network and print its connection settings
  down [--dir D] [--purge] stop the network; --purge also deletes its data

Default directory: ${defaultNetworkDir}; ports: base port (17050) to base port + 39 on 127.0.0.1.
FABRIC_BIN_DIR may name a directory with Fabric's binaries (and config/) to use instead of building them.`;

const log = (line: string) => console.log(`[ledger-network] ${line}`);

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      'base-port': { type: 'string' },
      'chaincode-dir': { type: 'string' },
      'strict-endorsement': { type: 'boolean' },
      purge: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const dir = values.dir ?? defaultNetworkDir;
  switch (command) {
    case 'install': {
      const started = Date.now();
      const binaries = await installFabricBinaries({ log });
      log(
        `Fabric ${binaries.version}: ${binaries.binDir} (config ${binaries.configDir}) in ${Date.now() - started} ms`,
      );
      return 0;
    }
    case 'up': {
      const { STRICT_ENDORSEMENT_POLICY } = await import('./topology.js');
      const basePort = values['base-port'] === undefined ? undefined : Number(values['base-port']);
      const network = await ensureNetwork({
        dir,
        basePort,
        log,
        chaincodeDir: values['chaincode-dir'],
        endorsementPolicy: values['strict-endorsement'] ? STRICT_ENDORSEMENT_POLICY : undefined,
      });
      const { settings } = network;
      log(`channel ${settings.channel}, chaincode ${settings.chaincode}`);
      for (const peer of settings.peers) {
        log(`peer ${peer.organization} (${peer.mspId}): ${peer.endpoint} (TLS host ${peer.hostAlias})`);
      }
      log(`identities: ${Object.keys(settings.identities).join(', ')}`);
      log(`connection settings: ${network.dir}/connection.json`);
      return 0;
    }
    case 'down':
      await stopNetwork({ dir, purge: values.purge });
      log(values.purge ? `stopped and deleted ${dir}` : `stopped the network in ${dir}`);
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof LedgerNetworkError) console.error(`[ledger-network] ${error.code}: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
