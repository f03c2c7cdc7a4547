// Every identifier the extension contributes, in one place (DESIGN.md: "all ids in one file").
// package.json must agree; test/integration checks the manifest against these.
export const EXTENSION_ID = 'backbone-lens.backbone-lens';

export const Commands = {
  inspectModel: 'backboneLens.inspectModel',
  classifyImage: 'backboneLens.classifyImage',
  /** Cancels the running classification (the progress notification's Cancel does the same). */
  cancelClassification: 'backboneLens.cancelClassification',
  /** Picks the weights Classify Image uses for the configured model (again), for this session. */
  chooseWeights: 'backboneLens.chooseWeights',
  /** Profiles a model in the inference worker (Inspect Model's Latency mode). */
  measureLatency: 'backboneLens.measureLatency',
  /** Shows two models side by side in Inspect Model (the Backbone Lens view's Compare). */
  compareModels: 'backboneLens.compareModels',
  /** Classify Image with a given model ({ model, paths? }; asks for the images without paths): the view's Classify. */
  classifyWithModel: 'backboneLens.classifyWithModel',
  /** Opens a .pth/.pt/.safetensors file in the checkpoint editor (a quick pick without an argument). */
  openCheckpoint: 'backboneLens.openCheckpoint',
  /** Opens an untitled Python file with model constructors to hover (the walkthrough). */
  openHoverExample: 'backboneLens.openHoverExample',
  /** The Backbone Lens view's title actions. */
  filterCatalogue: 'backboneLens.filterCatalogue',
  clearCatalogueFilter: 'backboneLens.clearCatalogueFilter',
  refreshModelsView: 'backboneLens.refreshModelsView',
} as const;

/** The activity-bar container and its tree view. */
export const Views = {
  container: 'backboneLens',
  models: 'backboneLens.models',
} as const;

export const WALKTHROUGH_ID = 'backboneLens.gettingStarted';

/**
 * Commands registered for the integration tests only: not contributed in package.json, so they
 * are in neither the palette nor the manifest (the manifest test checks Commands alone).
 */
export const TestCommands = {
  /** What the checkpoint editor of a URI has done and rendered. */
  checkpointEditorState: 'backboneLens.checkpointEditorState',
  /** The weight statistics the active Inspect panel's main model is coloured with. */
  inspectWeightsState: 'backboneLens.inspectWeightsState',
} as const;

export const ViewTypes = {
  inspect: 'backboneLens.inspect',
  classify: 'backboneLens.classifyResults',
  /** The receptive-field lens opened from Inspect Model (not restored after a reload). */
  receptiveField: 'backboneLens.receptiveField',
  /** The read-only checkpoint editor (.pth, .pt, .safetensors). */
  checkpoint: 'backboneLens.checkpoint',
} as const;

/** Settings (package.json contributes.configuration). */
export const SettingKeys = {
  executionProvider: 'backboneLens.inference.executionProvider',
  precision: 'backboneLens.inference.precision',
  model: 'backboneLens.classify.model',
  weights: 'backboneLens.classify.weights',
  topK: 'backboneLens.classify.topK',
  maxImages: 'backboneLens.classify.maxImages',
} as const;

/** The settings page section that holds every Classify Image setting. */
export const CLASSIFY_SETTINGS_SECTION = 'backboneLens.classify';

/** Context keys set with `setContext` (package.json `when` and `enablement` clauses read them). */
export const ContextKeys = {
  /** A classification is running: Cancel Classification is enabled. */
  classifying: 'backboneLens.classifying',
  /** The Models view's catalogue is filtered: its Clear Filter button shows. */
  catalogueFiltered: 'backboneLens.catalogueFiltered',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Backbone Lens';
