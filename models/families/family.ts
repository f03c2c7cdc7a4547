// What each family module provides, declared once with defineFamily: its typed knob schema (from
// which the knob specs, the defaults and the typed values its builder receives all come),
// cross-field checks, and the builder from a validated knob set to a graph.
import type { BackboneGraph } from '../graph/types';
import { defaultsOf, specsOf, type KnobSchema, type KnobSpec, type KnobsOf, type KnobValues } from './knobs';
import type { StateDictLayout } from './stateDict';

/**
 * Whose names the modules without parameters get (torchvision `relu`/`avgpool`, timm
 * `act1`/`global_pool`); state-dict keys do not depend on it.
 */
export type Naming = 'torchvision' | 'timm';

/** A family as every surface sees it, through the `families` registry (index.ts). */
export interface FamilyDef {
  /** The key of the family in the `families` registry (checked by a unit test). */
  readonly id: string;
  readonly label: string;
  readonly knobs: readonly KnobSpec[];
  readonly defaults: KnobValues;
  /** The naming of a variant that starts from the family rather than from a preset. */
  readonly naming: Naming;
  /**
   * A bool knob that changes training memory only (DenseNet's `memory_efficient`): the
   * training-memory view shows what its other value would keep.
   */
  readonly memoryKnob?: string;
  /** Checks that need several knobs at once; throws InvalidConfigError. */
  readonly check?: (knobs: KnobValues, source?: string) => void;
  readonly build: (modelId: string, knobs: KnobValues, naming: Naming) => BackboneGraph;
  /** How the family's checkpoints look: recognition finds the model in a file and reads its knobs with it. */
  readonly stateDict?: StateDictLayout;
}

type BoolKnobOf<S extends KnobSchema> = { [K in keyof S]: S[K]['kind'] extends 'bool' ? K : never }[keyof S] & string;

/** A family's declaration: the typed schema and functions of typed knob values. */
export interface FamilyDeclaration<Id extends string, S extends KnobSchema> {
  readonly id: Id;
  readonly label: string;
  readonly knobs: S;
  /** Where this family's defaults differ from the schema's (ResNeXt's 32 groups of width 4 on ResNet's schema). */
  readonly defaults?: Partial<KnobsOf<S>>;
  readonly naming: Naming;
  readonly memoryKnob?: BoolKnobOf<S>;
  readonly check?: (knobs: KnobsOf<S>, source?: string) => void;
  readonly build: (modelId: string, knobs: KnobsOf<S>, naming: Naming) => BackboneGraph;
  readonly stateDict?: StateDictLayout;
}

export function defineFamily<const Id extends string, S extends KnobSchema>(d: FamilyDeclaration<Id, S>): FamilyDef & { readonly id: Id } {
  // The one step from untyped to typed values: every knob set reaching check and build was made
  // from these defaults and validated against these very specs (modelSpec.ts), so it has this type.
  const typed = (k: KnobValues): KnobsOf<S> => k as KnobsOf<S>;
  const check = d.check;
  return {
    id: d.id,
    label: d.label,
    knobs: specsOf(d.knobs),
    defaults: { ...defaultsOf(d.knobs), ...(d.defaults as KnobValues | undefined) },
    naming: d.naming,
    ...(d.memoryKnob ? { memoryKnob: d.memoryKnob } : {}),
    ...(check ? { check: (k: KnobValues, source?: string) => check(typed(k), source) } : {}),
    build: (modelId, k, naming) => d.build(modelId, typed(k), naming),
    ...(d.stateDict ? { stateDict: d.stateDict } : {}),
  };
}
