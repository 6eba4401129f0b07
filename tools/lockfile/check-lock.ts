// npm run check:lock [-- path/to/package-lock.json]: exits 1 when the lock misses a platform's native build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingOptionalBuilds } from './missing-optional-builds';

const file = process.argv[2] ?? join(__dirname, '../../package-lock.json');
try {
  const missing = missingOptionalBuilds(JSON.parse(readFileSync(file, 'utf8')));
  if (missing.length > 0) {
    console.error(
      `${file} lacks ${missing.length} optional builds (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): ` +
        'delete node_modules and package-lock.json, run npm install, commit the new lock',
    );
    process.exit(1);
  }
  console.log(`${file}: every optional (platform) build is listed`);
} catch (error) {
  console.error(`${file}: ${(error as Error).message}`);
  process.exit(1);
}
