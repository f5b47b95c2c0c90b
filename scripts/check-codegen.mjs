// Fails when src/generated is stale against schema.graphql: regenerates into a temp copy and compares.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const target = 'src/generated/resolvers-types.ts';
const before = readFileSync(target, 'utf8');
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.yml', '--silent'], { stdio: 'inherit' });
const after = readFileSync(target, 'utf8');
if (before !== after) {
  console.error(`${target} was stale: it has been regenerated from schema.graphql; commit the new file.`);
  process.exit(1);
}
console.log(`${target} is fresh.`);
