// Helpers for the services' tests: real HTTP, free ports, polling and throwaway databases.
export { freePort } from './free-port';
export { http, type HttpResult } from './http';
export { waitFor } from './wait-for';
export { TEST_DATABASE_URL, throwawayDatabase } from './throwaway-database';
export { readTopic, type ReadRecord } from './topic-reader';
