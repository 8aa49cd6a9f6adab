/** Stable machine-readable codes of {@link LedgerNetworkError}. */
export type LedgerNetworkErrorCode =
  | 'FABRIC_BINARIES_UNAVAILABLE'
  | 'FABRIC_COMMAND_FAILED'
  | 'NETWORK_NOT_HEALTHY'
  | 'NETWORK_CONFIGURATION_INVALID'
  | 'CONNECTION_SETTINGS_INVALID'
  | 'UNKNOWN_ORGANIZATION'
  | 'CHAINCODE_NOT_BUILT';

/**
 * Base class of every error thrown by `@mchd/ledger-network`.
 *
 * @example
 * ```ts
 * try {
 *   await ensureNetwork({ dir: '/tmp/net' });
 * } catch (error) {
 *   if (error instanceof LedgerNetworkError) console.error(error.code, error.message);
 * }
 * ```
 */
export class LedgerNetworkError extends Error {
  readonly code: LedgerNetworkErrorCode;

  constructor(code: LedgerNetworkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The pinned Fabric binaries could neither be found nor built with `go install`. */
export class FabricBinariesUnavailableError extends LedgerNetworkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('FABRIC_BINARIES_UNAVAILABLE', message, options);
  }
}

/** A Fabric command-line tool (peer, osnadmin, configtxgen, cryptogen) exited with an error. */
export class FabricCommandError extends LedgerNetworkError {
  readonly command: string;
  readonly exitCode: number | null;
  readonly output: string;

  constructor(command: string, exitCode: number | null, output: string) {
    super('FABRIC_COMMAND_FAILED', `${command} failed (exit ${String(exitCode)}): ${output.trim().slice(-2000)}`);
    this.command = command;
    this.exitCode = exitCode;
    this.output = output;
  }
}

/** A network process did not become healthy in time (its log file is named in the message). */
export class NetworkNotHealthyError extends LedgerNetworkError {
  constructor(message: string) {
    super('NETWORK_NOT_HEALTHY', message);
  }
}

/** Options or the state saved in the network directory are inconsistent (e.g. another base port). */
export class NetworkConfigurationError extends LedgerNetworkError {
  constructor(message: string) {
    super('NETWORK_CONFIGURATION_INVALID', message);
  }
}

/** A connection settings file is missing or does not have the expected shape. */
export class ConnectionSettingsError extends LedgerNetworkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONNECTION_SETTINGS_INVALID', message, options);
  }
}

/** A peer organization name other than `registry` or `operator` was given. */
export class UnknownOrganizationError extends LedgerNetworkError {
  constructor(organization: string) {
    super('UNKNOWN_ORGANIZATION', `unknown organization "${organization}" (expected "registry" or "operator")`);
  }
}

/** The chaincode package has no compiled entry point to serve. */
export class ChaincodeNotBuiltError extends LedgerNetworkError {
  constructor(message: string) {
    super('CHAINCODE_NOT_BUILT', message);
  }
}
