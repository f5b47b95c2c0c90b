import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { composeServices } from '@apollo/composition';
import { describe, expect, it } from '@jest/globals';
import { Kind, parse, valueFromASTUntyped, type ObjectTypeDefinitionNode } from 'graphql';
import { schemaPath } from '../../src/graphql/schema.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const subgraph = (name: string, path: string) => ({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(readFileSync(path, 'utf8')) });
const ours = subgraph('image-predict', schemaPath);
/** The @join__type arguments a supergraph gives one type: which subgraphs define it, and by which key. */
function joinTypes(supergraphSdl: string, typeName: string): Array<Record<string, unknown>> {
  const type = parse(supergraphSdl).definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === typeName,
  );
  return (type?.directives ?? [])
    .filter((d) => d.name.value === 'join__type')
    .map((d) => Object.fromEntries((d.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)])));
}
const errorCodes = (r: ReturnType<typeof composeServices>) => (r.errors ?? []).map((e) => `${e.extensions?.code}: ${e.message}`);

describe("composition with another team's subgraph (@apollo/composition)", () => {
  it('composes this subgraph with the catalogue that references Image and shares Concept', () => {
    const result = composeServices([ours, subgraph('catalogue', fixture('catalogue.graphql'))]);
    expect(errorCodes(result)).toEqual([]);
    // Both subgraphs know Image by its url; only this one resolves it.
    expect(joinTypes(result.supergraphSdl!, 'Image')).toEqual([
      { graph: 'CATALOGUE', key: 'url', resolvable: false },
      { graph: 'IMAGE_PREDICT', key: 'url' },
    ]);
    expect(joinTypes(result.supergraphSdl!, 'Concept').map((j) => j.graph)).toEqual(['CATALOGUE', 'IMAGE_PREDICT']);
  });

  it('catches a catalogue that redefines Concept without @shareable and with a clashing field', () => {
    const result = composeServices([ours, subgraph('catalogue', fixture('catalogue-conflicting-concept.graphql'))]);
    const codes = errorCodes(result);
    expect(codes).toContainEqual(expect.stringMatching(/^INVALID_FIELD_SHARING: Non-shareable field "Concept\.id"/));
    expect(codes).toContainEqual(expect.stringMatching(/^FIELD_TYPE_MISMATCH: Type of field "Concept\.value"/));
    expect(result.supergraphSdl).toBeUndefined();
  });
});

describe('scripts/check-composition.mjs (what CI runs)', () => {
  const run = (...args: string[]) =>
    promisify(execFile)('node', ['scripts/check-composition.mjs', ...args]).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: err.stdout + err.stderr }),
    );

  it('exits 0 when the subgraphs compose', async () => {
    const { code, out } = await run(`catalogue=${fixture('catalogue.graphql')}`);
    expect(out).toContain('Composition of image-predict, catalogue succeeded.');
    expect(code).toBe(0);
  });

  it('exits 1 and names each error when they do not', async () => {
    const { code, out } = await run(`catalogue=${fixture('catalogue-conflicting-concept.graphql')}`);
    expect(code).toBe(1);
    expect(out).toMatch(/error INVALID_FIELD_SHARING: Non-shareable field "Concept\.id"/);
    expect(out).toMatch(/failed with \d+ error\(s\)/);
  });
});
