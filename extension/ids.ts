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

/** Context keys the extension sets (menus' when-clauses read them). */
export const ContextKeys = {
  classifying: 'backboneLens.classifying',
  catalogueFiltered: 'backboneLens.catalogueFiltered',
} as const;

export const ViewTypes = {
  inspect: 'backboneLens.inspect',
  classify: 'backboneLens.classifyResults',
  /** The receptive-field lens opened from Inspect Model (not restored after a reload). */
  receptiveField: 'backboneLens.receptiveField',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Backbone Lens';
