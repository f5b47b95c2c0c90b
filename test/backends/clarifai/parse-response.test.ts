import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseResponse } from '../../../src/backends/clarifai/parse-response.js';

const fixture = JSON.parse(readFileSync('test/fixtures/clarifai/rest-outputs.json', 'utf8'));
// The docs' printed top 20 for the same image: "name value" lines, values rounded to 2 decimals.
const expected = readFileSync('test/fixtures/clarifai/metro-north-expected-concepts.txt', 'utf8')
  .split('\n')
  .map((line) => /^(.+?)\s+(\d\.\d+)$/.exec(line.trim()))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ name: m[1]!, value: Number(m[2]) }));

describe('parseResponse on the real Clarifai REST fixture', () => {
  // The fixture's input id is Clarifai's own, not one of ours: it must still be read by position.
  const parsed = parseResponse(fixture, 1);

  it('reads the top-level status', () => {
    expect(parsed.status).toEqual({ code: 10000, description: 'Ok' });
  });

  it('gives the 20 concepts of metro-north.jpg in order, with ids, values and app', () => {
    const out = parsed.outputs[0];
    if (!out?.ok) throw new Error('expected a successful output');
    expect(expected).toHaveLength(20);
    expect(out.prediction.concepts.map((c) => ({ name: c.name, value: Number(c.value.toFixed(2)) }))).toEqual(expected);
    expect(out.prediction.concepts[0]).toEqual({ id: 'ai_HLmqFqBf', name: 'train', value: 0.99960595, appId: 'main' });
    expect(out.prediction.concepts.find((c) => c.name === 'station')?.id).toBe('ai_6kTjGfF6');
    expect(out.prediction.regions).toEqual([]);
  });

  it('reads the model and version that answered', () => {
    const out = parsed.outputs[0];
    if (!out?.ok) throw new Error('expected a successful output');
    expect(out.prediction.model).toEqual({
      id: 'general-image-recognition',
      versionId: 'aa7f35c01e0642fda5cf400f543e7c40',
      userId: 'clarifai',
      appId: 'main',
    });
  });
});

describe('parseResponse matching outputs to inputs', () => {
  const ok = (id: string, name: string) => ({
    input: { id },
    status: { code: 10000, description: 'Ok' },
    data: { concepts: [{ id: name, name, value: 0.5 }] },
  });

  it('matches by our input ids, whatever the output order', () => {
    const parsed = parseResponse({ status: { code: 10000 }, outputs: [ok('in-1', 'b'), ok('in-0', 'a')] }, 2);
    expect(parsed.outputs.map((o) => (o?.ok ? o.prediction.concepts[0]!.name : undefined))).toEqual(['a', 'b']);
  });

  it('leaves a slot empty when its output is missing, never shifting the others', () => {
    const parsed = parseResponse({ status: { code: 10000 }, outputs: [ok('in-0', 'a'), ok('in-2', 'c')] }, 3);
    expect(parsed.outputs.map((o) => (o?.ok ? o.prediction.concepts[0]!.name : undefined))).toEqual(['a', undefined, 'c']);
  });

  it('ignores extra and unknown outputs', () => {
    const parsed = parseResponse({ status: { code: 10000 }, outputs: [ok('in-0', 'a'), ok('in-0', 'dup'), ok('in-9', 'x'), ok('zzz', 'y')] }, 2);
    expect(parsed.outputs.map((o) => (o?.ok ? o.prediction.concepts[0]!.name : undefined))).toEqual(['a', undefined]);
  });

  it('keeps per-output failures with their status', () => {
    const parsed = parseResponse(
      {
        status: { code: 10010, description: 'Mixed Success' },
        outputs: [ok('in-0', 'a'), { input: { id: 'in-1' }, status: { code: 30002, description: 'Download failed', details: 'x' } }],
      },
      2,
    );
    expect(parsed.status?.code).toBe(10010);
    expect(parsed.outputs[1]).toEqual({ ok: false, status: { code: 30002, description: 'Download failed', details: 'x' } });
  });

  it('reads the string form of a status code shown in the rate-limit docs', () => {
    expect(parseResponse({ status: { code: 'CONN_THROTTLED', description: 'x' } }, 1).status?.code).toBe(11005);
  });

  it('maps detection regions to relative boxes', () => {
    const parsed = parseResponse(
      {
        status: { code: 10000 },
        outputs: [
          {
            input: { id: 'in-0' },
            status: { code: 10000 },
            data: {
              regions: [
                {
                  id: 'r1',
                  value: 0.9,
                  region_info: { bounding_box: { top_row: 0.1, left_col: 0.2, bottom_row: 0.8, right_col: 0.9 } },
                  data: { concepts: [{ id: 'dog', name: 'dog', value: 0.9 }] },
                },
              ],
            },
          },
        ],
      },
      1,
    );
    const out = parsed.outputs[0];
    if (!out?.ok) throw new Error('expected success');
    expect(out.prediction.regions).toEqual([
      { id: 'r1', value: 0.9, boundingBox: { top: 0.1, left: 0.2, bottom: 0.8, right: 0.9 }, concepts: [{ id: 'dog', name: 'dog', value: 0.9 }] },
    ]);
  });

  it('survives bodies that are not Clarifai responses', () => {
    for (const body of [undefined, null, 42, 'x', [], { outputs: 'no' }, { outputs: [null, 1] }]) {
      expect(parseResponse(body, 2).outputs).toEqual([undefined, undefined]);
    }
  });
});
