// Helpers for the services' tests: real HTTP, free ports, polling and throwaway databases.
// freePort is defined in service-kit (npm start needs it too); tests get it here with the other helpers.
export { freePort } from '@kafka-sync/service-kit';
export { http, type HttpResult } from './http';
export { waitFor } from './wait-for';
export { TEST_DATABASE_URL, throwawayDatabase } from './throwaway-database';
export { readTopic, type ReadRecord } from './topic-reader';
