// The JSON Schema (draft-07) of *.backbone.json variant files, generated from the presets and the
// families' knob specs so that VS Code's completion and validation agree with the engine.
import { families, familyIds } from './families';
import { expectedOf, type KnobSpec } from './families/knobs';
import { INPUT_SIZE_TEXT, MAX_INPUT_SIDE } from './inputSize';
import { presets } from './presets';

type Schema = Record<string, unknown>;

/**
 * A knob's schema. `errorMessage` (VS Code's JSON validation shows it instead of its generic
 * "Value is not accepted") says what the engine says: "last_stride: expected one of 1, 2".
 * Items of a list get their own message, as the engine's `layers[2]: expected …`.
 */
function knobSchema(k: KnobSpec): Schema {
  const errorMessage = `${k.name}: expected ${expectedOf(k)}`;
  switch (k.kind) {
    case 'int':
      return { type: 'integer', minimum: k.min, maximum: k.max, description: k.description, errorMessage };
    case 'number':
      return { type: 'number', ...(k.exclusiveMin ? { exclusiveMinimum: k.min } : { minimum: k.min }), maximum: k.max, description: k.description, errorMessage };
    case 'bool':
      return { type: 'boolean', description: k.description, errorMessage };
    case 'enum':
      return { enum: [...k.values], description: k.description, errorMessage };
    case 'intList':
      return {
        type: 'array',
        items: { type: 'integer', minimum: k.min, maximum: k.max, errorMessage: `${k.name}: each entry must be an integer from ${k.min} to ${k.max}` },
        minItems: k.minLength,
        maxItems: k.maxLength,
        description: k.description,
        errorMessage,
      };
  }
}

const metaProperties: Schema = {
  $schema: { type: 'string' },
  name: { type: 'string', minLength: 1, description: 'Display name of this variant.' },
  description: { type: 'string', description: 'What this variant is for.' },
  input_size: {
    description: 'Default input size in pixels: 224, "224x320" or [224, 320] (H, W).',
    oneOf: [
      { type: 'integer', minimum: 1, maximum: MAX_INPUT_SIDE },
      { type: 'string', pattern: INPUT_SIZE_TEXT.source },
      { type: 'array', items: { type: 'integer', minimum: 1, maximum: MAX_INPUT_SIDE }, minItems: 2, maxItems: 2 },
    ],
  },
};

export function variantSchema(): Schema {
  const allIds = [...presets.map((p) => p.id), ...familyIds];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Backbone Lens variant',
    description: 'A backbone variant: a preset or family plus knob overrides, e.g. {"extends": "resnet50", "last_stride": 1}.',
    type: 'object',
    properties: {
      ...metaProperties,
      extends: { enum: allIds, description: 'Preset (or family) this variant starts from.' },
      family: { enum: familyIds, description: 'Family, when the variant starts from the family defaults.' },
    },
    anyOf: [{ required: ['extends'] }, { required: ['family'] }],
    allOf: familyIds.map((f) => {
      const def = families[f];
      const members = [...presets.filter((p) => p.family === f).map((p) => p.id), f];
      return {
        if: { anyOf: [{ properties: { family: { const: f } }, required: ['family'] }, { properties: { extends: { enum: members } }, required: ['extends'] }] },
        then: {
          properties: {
            // Allowed here too (additionalProperties is false), described once, at the top.
            ...Object.fromEntries(Object.keys(metaProperties).map((k) => [k, {}])),
            extends: { enum: members },
            family: { const: f },
            ...Object.fromEntries(def.knobs.map((k) => [k.name, knobSchema(k)])),
          },
          additionalProperties: false,
        },
      };
    }),
  };
}
