import { ErrorCode } from '../protocol/error-codes';
import type { ApiHandler } from './api';

const BROKER_ENDPOINTS = 1;

interface DescribeClusterResponse {
  errorCode: number;
  errorMessage: string | null;
  endpointType: number;
  clusterId: string;
  controllerId: number;
  brokers: Array<{ brokerId: number; host: string; port: number; rack: string | null }>;
  clusterAuthorizedOperations: number;
}

/** DescribeCluster v0-v1: the one broker, also the controller (v1 asks for broker or controller endpoints). */
export const describeCluster: ApiHandler<{ endpointType: number }, DescribeClusterResponse> = {
  key: 60,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 1,
  handle({ endpointType }, { broker }) {
    const base = { endpointType, clusterId: broker.clusterId, controllerId: broker.nodeId, clusterAuthorizedOperations: -2147483648 };
    if (endpointType !== BROKER_ENDPOINTS)
      return { ...base, errorCode: ErrorCode.UNSUPPORTED_ENDPOINT_TYPE, errorMessage: 'Only broker endpoints are served', brokers: [] };
    return {
      ...base,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      brokers: [{ brokerId: broker.nodeId, host: broker.advertisedHost, port: broker.advertisedPort, rack: null }],
    };
  },
};
