// Composes schema.graphql (the image-predict subgraph) with the other subgraphs' SDL named on the command line,
// as `rover supergraph compose` would, and fails on any composition error. Offline: no registry, no router.
//   node scripts/check-composition.mjs [name=path/to/subgraph.graphql ...]
// Exit 0: composes (hints are printed); 1: composition errors (printed with their codes); 2: bad usage.
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const OURS = { name: 'image-predict', path: 'schema.graphql' };

function subgraphsFrom(args) {
  return args.map((arg) => {
    const m = /^([A-Za-z][\w-]*)=(.+)$/.exec(arg);
    if (!m) {
      console.error(`Expected name=path.graphql, got "${arg}".`);
      process.exit(2);
    }
    return { name: m[1], path: m[2] };
  });
}

const subgraphs = [OURS, ...subgraphsFrom(process.argv.slice(2))].map(({ name, path }) => ({
  name,
  // composeServices needs a URL per subgraph; only a router would ever call it.
  url: `http://${name}.invalid/graphql`,
  typeDefs: parse(readFileSync(path, 'utf8')),
}));

const result = composeServices(subgraphs);
const names = subgraphs.map((s) => s.name).join(', ');
for (const hint of result.hints ?? []) console.log(`hint ${hint.definition.code}: ${hint.message}`);
if (result.errors) {
  for (const err of result.errors) console.error(`error ${err.extensions?.code ?? 'UNKNOWN'}: ${err.message}`);
  console.error(`Composition of ${names} failed with ${result.errors.length} error(s).`);
  process.exit(1);
}
console.log(`Composition of ${names} succeeded.`);
