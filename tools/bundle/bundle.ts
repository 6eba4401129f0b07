// node -r @swc-node/register tools/bundle/bundle.ts <service> <outDir>
// Writes <service>'s production bundle to <outDir> (outside the workspace, empty or missing):
// `cd <outDir> && node main.js` runs it with production packages only. docker/node/Dockerfile runs this.

import { join } from 'node:path';
import { BundleError, buildBundle, SERVICES } from './build-bundle';

const [service, outDir, ...rest] = process.argv.slice(2);
if (!service || !outDir || rest.length > 0) {
  process.stderr.write(`usage: bundle.ts <service> <outDir>   (service: ${Object.keys(SERVICES).join(', ')})\n`);
  process.exit(1);
}

try {
  const started = Date.now();
  const result = buildBundle({ workspace: join(__dirname, '../..'), service, outDir });
  const packages = Object.keys(result.dependencies).map((name) =>
    result.loadedByPackages[name] ? `${name} for ${result.loadedByPackages[name]}` : name,
  );
  process.stdout.write(
    `bundle: ${service} → ${outDir}/${result.entry}: ${result.modules.length} modules of ${result.projects.join(', ')}; ` +
      `${packages.length} production packages (${packages.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
} catch (error) {
  if (!(error instanceof BundleError)) throw error;
  process.stderr.write(`bundle: ${error.message}\n`);
  process.exit(1);
}
