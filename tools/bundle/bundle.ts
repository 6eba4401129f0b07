// node -r @swc-node/register tools/bundle/bundle.ts <service> <outDir> [--no-install]
// Writes <service>'s production bundle to <outDir> (outside the workspace, empty or missing):
// `cd <outDir> && node main.js` runs it with production packages only. docker/node/Dockerfile runs
// this; --no-install writes package.json and package-lock.json but leaves `npm ci` to the caller.

import { join } from 'node:path';
import { BundleError, buildBundle, SERVICES } from './build-bundle';

const args = process.argv.slice(2);
const install = !args.includes('--no-install');
const [service, outDir, ...rest] = args.filter((arg) => arg !== '--no-install');
if (!service || !outDir || rest.length > 0) {
  process.stderr.write(`usage: bundle.ts <service> <outDir> [--no-install]   (service: ${Object.keys(SERVICES).join(', ')})\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const started = Date.now();
  const result = await buildBundle({ workspace: join(__dirname, '../..'), service, outDir, install });
  const packages = Object.keys(result.dependencies).map((name) =>
    result.loadedByPackages[name] ? `${name} for ${result.loadedByPackages[name]}` : name,
  );
  process.stdout.write(
    `bundle: ${service} → ${outDir}/${result.entry}: ${result.modules.length} modules of ${result.projects.join(', ')}; ` +
      `${packages.length} production packages (${packages.join(', ')})` +
      (result.scriptsNotRun.length > 0 ? `; install scripts not run: ${result.scriptsNotRun.join(', ')}` : '') +
      ` in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

main().catch((error: Error) => {
  if (!(error instanceof BundleError)) throw error;
  process.stderr.write(`bundle: ${error.message}\n`);
  process.exit(1);
});
