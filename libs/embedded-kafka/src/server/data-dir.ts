import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Claims the data directory for this process (a second broker on the same files would corrupt
 * them) and returns the cluster id kept there. A lock left by a killed broker is taken over.
 */
export function claimDataDir(dataDir: string): { clusterId: string; release: () => void } {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'broker.lock');
  if (existsSync(lockPath)) {
    const owner = Number(readFileSync(lockPath, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) {
      throw new Error(`data dir ${dataDir} is in use by another broker (pid ${owner})`);
    }
  }
  writeFileSync(lockPath, String(process.pid));
  const metaPath = join(dataDir, 'meta.json');
  let clusterId: string;
  if (existsSync(metaPath)) {
    clusterId = (JSON.parse(readFileSync(metaPath, 'utf8')) as { clusterId: string }).clusterId;
  } else {
    clusterId = randomBytes(16).toString('base64url').slice(0, 22);
    writeFileSync(metaPath, JSON.stringify({ clusterId }));
  }
  return { clusterId, release: () => rmSync(lockPath, { force: true }) };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
