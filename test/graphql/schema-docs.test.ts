import { describe, expect, it } from '@jest/globals';
import { Kind, type ASTNode, type EnumTypeDefinitionNode } from 'graphql';
import { ErrorCode } from '../../src/error-codes.js';
import { typeDefs } from '../../src/graphql/schema.js';

type Described = ASTNode & { name: { value: string }; description?: { value: string } };

/** Every definition of schema.graphql a client can see in Sandbox's docs, by its coordinate. */
function documentedParts(): Array<[coordinate: string, node: Described]> {
  const parts: Array<[string, Described]> = [];
  for (const def of typeDefs.definitions) {
    if (!('name' in def) || !def.name) continue; // `extend schema @link(...)`
    const type = def as Described;
    parts.push([type.name.value, type]);
    const children = [
      ...('fields' in def ? (def.fields ?? []) : []),
      ...('values' in def ? (def.values ?? []) : []),
      ...('arguments' in def ? (def.arguments ?? []) : []),
    ] as Described[];
    for (const child of children) {
      parts.push([`${type.name.value}.${child.name.value}`, child]);
      for (const arg of ('arguments' in child ? (child.arguments as Described[]) : []) ?? []) {
        parts.push([`${type.name.value}.${child.name.value}(${arg.name.value}:)`, arg]);
      }
    }
  }
  return parts;
}

describe('schema.graphql documents itself', () => {
  it('describes every type, field, argument, input field, enum value, scalar and directive', () => {
    const parts = documentedParts();
    // The walk reaches every kind of definition (so an empty list below means something).
    expect(parts.map(([c]) => c)).toEqual(
      expect.arrayContaining([
        'oneOf',
        'Upload',
        'Query.predict(images:)',
        'Image.predictions(options:)',
        'ImageInput.file',
        'PredictErrorCode.TOO_MANY_IMAGES',
      ]),
    );
    const undocumented = parts.filter(([, node]) => (node.description?.value.trim().length ?? 0) < 10).map(([c]) => c);
    expect(undocumented).toEqual([]);
  });

  it('enum PredictErrorCode lists exactly the codes of src/error-codes.ts', () => {
    const schemaEnum = typeDefs.definitions.find(
      (d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'PredictErrorCode',
    );
    const inSchema = (schemaEnum?.values ?? []).map((v) => v.name.value);
    expect([...inSchema].sort()).toEqual(Object.values(ErrorCode).sort());
  });
});
