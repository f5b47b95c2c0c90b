import { describe, expect, it } from '@jest/globals';
import { boundedLabels } from '../../src/quota/index.js';

describe('boundedLabels', () => {
  it('the first N callers keep their label, later ones become "other", and stay so', () => {
    const label = boundedLabels(2);
    expect(['api-key:a', 'jwt:b', 'jwt:c', 'api-key:a', 'jwt:c', 'jwt:b'].map(label)).toEqual([
      'api-key:a',
      'jwt:b',
      'other',
      'api-key:a',
      'other',
      'jwt:b',
    ]);
  });
});
