// The Inspect page's side of the contract (inspect.ts): the schemas it checks the host's messages
// with. The host is our own code, but a page that draws from unchecked data would turn a host
// bug into a broken diagram instead of a logged refusal.
import type { KnobSpec, OpAttrs } from '../../models';
import type { CalledSchemas, ServedSchemas } from '../rpc';
import { boolean, check, count, dictOf, finite, intIn, intPair, listOf, literal, nullable, object, oneOf, optional, pipe, text, tuple, union, variant, type Schema } from '../validate';
import { modelSourceSchema, slotSchema, type GroupData, type InspectPageApi, type ModelData, type NodeData, type RfData, type WeightStatsInfo, type WeightSummary } from './inspect';

const MAX_ITEMS = 1 << 20;
const name = text(1000);
const n = count();
const pair = tuple([n, n]);
const eps = finite(0);

const opAttrsSchema: Schema<OpAttrs> = variant('op', [
  object({ op: literal('input'), channels: n }),
  object({ op: literal('conv'), inChannels: n, outChannels: n, kernel: pair, stride: pair, padding: pair, dilation: pair, groups: n, bias: boolean() }),
  object({ op: literal('batchnorm'), channels: n, eps }),
  object({ op: literal('instancenorm'), channels: n, eps, affine: boolean() }),
  object({ op: literal('groupnorm'), channels: n, groups: n, eps }),
  object({ op: literal('relu') }),
  object({ op: literal('sigmoid') }),
  object({ op: literal('maxpool'), kernel: pair, stride: pair, padding: pair, ceilMode: boolean() }),
  object({ op: literal('avgpool'), kernel: pair, stride: pair, padding: pair, ceilMode: boolean(), countIncludePad: boolean() }),
  object({ op: literal('blurpool'), channels: n, filterSize: n, stride: n, padding: n }),
  object({ op: literal('globalavgpool') }),
  object({ op: literal('flatten') }),
  object({ op: literal('linear'), inFeatures: n, outFeatures: n, bias: boolean() }),
  object({ op: literal('add') }),
  object({ op: literal('concat') }),
  object({ op: literal('split'), start: n, channels: n, part: n, parts: n }),
  object({ op: literal('mul') }),
  object({ op: literal('rsoftmax'), radix: n, cardinality: n }),
]);

const knobSpecSchema: Schema<KnobSpec> = variant('kind', [
  object({ name, kind: literal('int'), min: finite(), max: finite(), description: name }),
  object({ name, kind: literal('number'), min: finite(), max: finite(), exclusiveMin: optional(boolean()), description: name }),
  object({ name, kind: literal('bool'), description: name }),
  object({ name, kind: literal('enum'), values: listOf(union([text(200), finite()]), 1000), description: name }),
  object({ name, kind: literal('intList'), minLength: n, maxLength: n, min: finite(), max: finite(), description: name }),
]);

const knobValue = union([boolean(), finite(), text(10_000), listOf(finite(), 1000)]);
const nullableCount = nullable(n);
const rfSchema: Schema<RfData> = object({ size: nullableCount, min: nullableCount, stride: nullableCount, global: boolean(), globalContext: boolean() });
const shape = listOf(n, 8);
const weightSummarySchema: Schema<WeightSummary> = pipe(
  object({ std: nullable(finite(0)), zeros: n, count: n }),
  check((w) => w.zeros <= w.count, 'zeros are at most the elements'),
);
const weightStatsInfoSchema: Schema<WeightStatsInfo> = pipe(
  object({ file: name, partial: boolean(), layers: n, expected: n }),
  check((w) => w.layers <= w.expected, 'layers with statistics are at most the layers with weights'),
);
const stats = { shape, params: n, macs: n, rf: rfSchema, activationBytes: n, latencyMs: optional(finite(0)), weights: optional(weightSummarySchema) };
const index = intIn(-1, MAX_ITEMS);

const nodeSchema: Schema<NodeData> = object({ ...stats, path: name, attrs: opAttrsSchema, inputs: listOf(n, MAX_ITEMS), group: n });
const groupSchema: Schema<GroupData> = object({
  ...stats,
  path: name,
  kind: oneOf(['model', 'stem', 'stage', 'transition', 'block', 'module', 'head']),
  label: name,
  parent: index,
  children: listOf(n, MAX_ITEMS),
  nodes: listOf(n, MAX_ITEMS),
  depth: n,
  nodeCount: n,
  outputNode: index,
});

export const modelDataSchema: Schema<ModelData> = object({
  id: name,
  family: name,
  description: text(10_000),
  source: modelSourceSchema,
  input: intPair(1, 1 << 16),
  knobs: dictOf(text(64), knobValue, 1000),
  overrides: dictOf(text(64), knobValue, 1000),
  knobSpecs: listOf(knobSpecSchema, 1000),
  nodes: listOf(nodeSchema, MAX_ITEMS),
  groups: listOf(groupSchema, MAX_ITEMS),
  latency: optional(object({ batch: n, totalMs: finite(0), provider: text(100) })),
  totals: object({ depth: n, params: n, macs: n, activationBytes: n, featureShape: shape, rf: rfSchema }),
  sourceLines: optional(dictOf(name, intIn(1, 1 << 30), MAX_ITEMS)),
  weightStats: optional(weightStatsInfoSchema),
});

/** What the page checks. */
export const inspectPageServes: ServedSchemas<InspectPageApi> = {
  requests: {},
  notifications: {
    catalog: object({ presets: listOf(object({ id: name, family: name, description: text(10_000) }), 10_000) }),
    model: object({ slot: slotSchema, data: modelDataSchema, focus: optional(name) }),
    clearCompare: object({}),
    error: object({ slot: slotSchema, message: text(100_000) }),
    focus: object({ path: name }),
    measureLatency: object({}),
  },
};

/** The host calls nothing of the page. */
export const inspectPageAnswers: CalledSchemas<InspectPageApi> = { results: {}, progress: {} };
