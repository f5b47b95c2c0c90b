// Creates an API key for one caller: prints the key once (only its hash is ever stored) and the entry
// to add to API_KEYS_FILE.   npm run api-key -- --id team-a [--images-per-minute 600] [--images-per-day 100000]
//                                              [--models a,b] [--weight 2] [--json]
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

// The same rule as src/auth/api-key-file.ts (CALLER_ID); a test keeps the two in step.
const CALLER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
// A recognisable prefix lets secret scanners (and people) tell a leaked key for what it is.
const PREFIX = 'ipk_';

function fail(message) {
  console.error(`api-key: ${message}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      id: { type: 'string' },
      'images-per-minute': { type: 'string' },
      'images-per-day': { type: 'string' },
      models: { type: 'string' },
      weight: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (err) {
  fail(err.message);
}
if (!values.id || !CALLER_ID.test(values.id)) fail('--id is required: 1-64 letters, digits or . _ : @ - (e.g. --id team-a)');

const positiveInt = (name) => {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer`);
  return n;
};

const key = PREFIX + randomBytes(32).toString('base64url');
const entry = { id: values.id, sha256: createHash('sha256').update(key, 'utf8').digest('hex') };
const perMinute = positiveInt('images-per-minute');
const perDay = positiveInt('images-per-day');
if (perMinute !== undefined) entry.imagesPerMinute = perMinute;
if (perDay !== undefined) entry.imagesPerDay = perDay;
if (values.models !== undefined) {
  entry.models = values.models
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  if (entry.models.length === 0) fail('--models needs at least one model id (omit it to allow every model)');
}
if (values.weight !== undefined) {
  entry.weight = Number(values.weight);
  if (!(entry.weight > 0 && entry.weight <= 1000)) fail('--weight must be a number in (0, 1000]');
}

if (values.json) {
  console.log(JSON.stringify({ key, entry }));
} else {
  console.log(`API key for "${entry.id}" (shown only now: hand it to the caller; the service keeps only its hash):\n\n  ${key}\n`);
  console.log('Add this entry to the JSON array in API_KEYS_FILE, then reload with `kill -HUP <pid>` (no restart needed):\n');
  console.log(`  ${JSON.stringify(entry)}\n`);
  console.log('Callers send it as the header   x-api-key: <key>');
}
