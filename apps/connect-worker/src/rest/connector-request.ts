// The REST API's request bodies (Connect's rest/entities CreateConnectorRequest and the config map
// of PUT /connectors/{name}/config and the validate endpoint), parsed with Connect's checks.

import type { ConnectorConfig } from '../connect-api/connector-plugin';
import { badRequest, ConnectRestError } from './rest-error';

export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';

/** POST /connectors body: {"name", "config", ["initial_state"]} with Connect's checks. */
export function parseCreateRequest(body: unknown): { name: string; config: ConnectorConfig; initialState: InitialState | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('Request body must be a JSON object with "name" and "config"');
  const request = body as Record<string, unknown>;
  const name = typeof request.name === 'string' ? request.name.trim() : '';
  if (!name) throw badRequest('Connector name is required');
  const config = namedConfig(request.config ?? {}, name);
  let initialState: InitialState | null = null;
  if (request.initial_state !== undefined && request.initial_state !== null) {
    const state = String(request.initial_state).toUpperCase();
    if (state !== 'RUNNING' && state !== 'PAUSED' && state !== 'STOPPED')
      throw badRequest(`Invalid initial state ${String(request.initial_state)}: must be one of RUNNING, PAUSED, STOPPED`);
    initialState = state;
  }
  return { name, config, initialState };
}

/** A JSON object → Connect's Map<String,String>: scalars become strings (as Jackson coerces them). */
export function toStringMap(value: unknown): ConnectorConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('Connector config must be a JSON object of strings');
  const out: ConnectorConfig = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || typeof v === 'object') throw new ConnectRestError(400, `Connector config value for "${k}" must be a string`);
    out[k] = String(v);
  }
  return out;
}

/** A connector config for connector `name`: its "name" key, when set, must match; it is set when absent. */
export function namedConfig(value: unknown, name: string): ConnectorConfig {
  const config = toStringMap(value);
  if (config.name !== undefined && config.name !== name)
    throw badRequest(`Connector name configuration (${config.name}) doesn't match connector name in the URL (${name})`);
  config.name = name;
  return config;
}
