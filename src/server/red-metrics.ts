import { Counter, Histogram, type Registry } from 'prom-client';
import { LabelCap } from '../telemetry/label-cap.js';
import type { OperationReader } from '../telemetry/operation-summary.js';

/** Distinct operation names labelled before the rest count as `other` (clients choose the names). */
const OPERATION_NAMES_LABELLED = 50;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const byRegistry = new WeakMap<Registry, OperationReader>();

/**
 * Rate, errors and duration of GraphQL operations, and images by outcome code, from
 * operationSummaryPlugin's summary. One reader per registry: a second app on the same registry reuses its
 * metrics instead of registering them twice.
 */
export function redMetricsReader(registry: Registry): OperationReader {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const names = new LabelCap(new Set(), OPERATION_NAMES_LABELLED);
  const operations = new Counter({
    name: 'predict_operations_total',
    help: 'GraphQL operations answered, by name and outcome (ok, partial: some images failed, error: no data).',
    labelNames: ['operation', 'outcome'],
    registers,
  });
  const duration = new Histogram({
    name: 'predict_operation_duration_seconds',
    help: 'Time from an operation starting in GraphQL to its response, by name and outcome.',
    labelNames: ['operation', 'outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers,
  });
  const images = new Counter({
    name: 'predict_images_total',
    help: 'Images answered by predict fields, by outcome code (OK or the error code).',
    labelNames: ['code'],
    registers,
  });
  const reader: OperationReader = (s) => {
    const operation = s.operation === undefined ? 'anonymous' : NAME.test(s.operation) ? names.label(s.operation) : 'other';
    operations.inc({ operation, outcome: s.outcome });
    duration.observe({ operation, outcome: s.outcome }, s.durationMs / 1000);
    // Codes are this service's and Apollo's own: a bounded set.
    for (const code in s.outcomes) images.inc({ code }, s.outcomes[code]);
  };
  byRegistry.set(registry, reader);
  return reader;
}
