// Every identifier the extension contributes, in one place (DESIGN.md: "all ids in one file").
// package.json must agree; test/integration checks the manifest against these.
export const EXTENSION_ID = 'backbone-lens.backbone-lens';

export const Commands = {
  inspectModel: 'backboneLens.inspectModel',
  classifyImage: 'backboneLens.classifyImage',
  /** Cancels the running classification (the progress notification's Cancel does the same). */
  cancelClassification: 'backboneLens.cancelClassification',
  /** Profiles a model in the inference worker (Inspect Model's Latency mode). */
  measureLatency: 'backboneLens.measureLatency',
} as const;

export const ViewTypes = {
  inspect: 'backboneLens.inspect',
  classify: 'backboneLens.classifyResults',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Backbone Lens';
