/**
 * The person subgraph: people, organizations (with subsidiaries) and employments; the outbox feed of hires
 * and dismissals; `Subscription.employmentEvents`.
 */
export { createPersonSubgraph, PERSON_SUBGRAPH_PORT, type PersonSubgraphOptions } from './person-subgraph.js';
export {
  EMPLOYEE_DISMISSED,
  EMPLOYEE_HIRED,
  PersonDirectory,
  type EmploymentEventPayload,
  type IdentityDocumentData,
  type OrganizationData,
  type PersonData,
  type UpsertOutcome,
} from './directory.js';
export { EmploymentRow, OrganizationRow, PersonRow, personEntities } from './entities.js';
export { personMigrations } from './migrations.js';
export { canReadPerson, canSeePersonalData, READ_ROLES, WRITE_ROLES } from './access.js';
export {
  importEmployees,
  openPersonDatabase,
  OrganizationNotFoundError,
  type EmployeeRecord,
  type ImportReport,
  type ImportRowError,
} from './import.js';
