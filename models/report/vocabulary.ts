// The words every surface prints beside the engine's numbers (the CLI, hovers, the diagram, its
// exports, quick picks), kept in one place so that they agree and can be translated together.
// The official meaning of each is the README's "What the numbers mean".

/** Words of the receptive field (Araujo et al., Distill 2019), in input pixels. */
export const RF_WORDS = {
  /** The largest field over all paths is printed bare ("427 px"); this names the other end. */
  smallestPath: 'smallest path',
  /** The jump (input pixels between adjacent outputs): users know it as the output stride. */
  stride: 'stride',
  effectivePadding: 'effective padding',
  smallestPathPadding: "smallest path's padding",
  /** The output depends on every input pixel (global pooling and what follows it). */
  global: 'global (whole image)',
  /** An SE or split-attention gate modulates the output: kept out of the local number. */
  gated: 'gated by global context',
  /** The same two, in a table cell ("global", "487/43/32 +ctx"). */
  globalCell: 'global',
  gatedCell: '+ctx',
  /** Header of such a cell. */
  cellHeader: 'RF size/min/stride',
} as const;

/** RF_WORDS or their translation: what receptiveField() and receptiveFieldCell() print. */
export type RfWords = { readonly [K in keyof typeof RF_WORDS]: string };

/** Units the formatter appends. */
export const UNITS = {
  pixels: 'px',
  milliseconds: 'ms',
  seconds: 's',
  percent: '%',
  /** Decimal multiples of counts (params, MACs, FLOPs). */
  decimal: ['k', 'M', 'G', 'T'],
  /** Binary multiples of bytes. */
  binary: ['KiB', 'MiB', 'GiB', 'TiB'],
  byte: 'B',
} as const;

/** Names of the counted quantities (conventions.md: never call MACs "FLOPs"). */
export const QUANTITY = {
  params: 'params',
  macs: 'MACs',
  flops: 'FLOPs',
} as const;
