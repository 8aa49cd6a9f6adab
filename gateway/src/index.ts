/** The MCHD registry's GraphQL gateway: Hive Gateway runtime over the composed supergraph. */
export { startGateway, GRAPHQL_PATH, type RunningGateway } from './server.js';
export {
  gatewayConfigFromEnv,
  ConfigError,
  DEFAULT_PORTS,
  type GatewayConfig,
  type GatewayLimits,
  type SubgraphEndpoint,
} from './config.js';
export { composeSupergraph, fetchSubgraphSdls, CompositionError, type SubgraphSdl } from './compose.js';
export { useAuthentication, type AuthenticatedContext } from './plugins/use-authentication.js';
export { useQueryLimits } from './plugins/use-query-limits.js';
export { startStack, StackStartError, type RunningStack, type StackOptions } from './stack/stack.js';
export { type StackPorts } from './stack/parts.js';
export { loadDemoData, demoOrganizations, type DemoTarget } from './stack/demo.js';
export {
  DEMO_POWER_OF_ATTORNEY_GUID,
  prepareDemoTrust,
  registerDemoPowerOfAttorney,
} from './stack/demo-power-of-attorney.js';
