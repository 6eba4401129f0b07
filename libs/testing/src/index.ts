// Helpers for the services' tests: real HTTP, free ports and polling. (Throwaway databases and
// brokers stay next to the tests that need their particular shape.)
export { freePort } from './free-port';
export { http, type HttpResult } from './http';
export { waitFor } from './wait-for';
