// Reading the knobs of a state dict: every family of the registry that declares a state-dict
// layout (families/stateDict.ts) is asked; the ones whose layout the keys are (ResNet and ResNeXt
// read alike: the same knobs) give the family candidates and the knobs. No family is named here:
// a new family brings its own reader.
import { families, familyIds, type FamilyId } from '../families';
import { knobsEqual, type KnobValues } from '../families/knobs';
import { NotInferable, type StateDictShapes } from '../families/stateDict';

export { NotInferable } from '../families/stateDict';

export interface InferredKnobs {
  /** The families whose layout the keys are; their presets are the candidates. */
  readonly families: readonly FamilyId[];
  /** Every knob the state dict determines. */
  readonly knobs: KnobValues;
  /** Knobs of the families that change no key or shape. */
  readonly unknowable: readonly string[];
}

/** The families by their readers, then the knobs; throws NotInferable when a key a reader needs is missing or two readers disagree. */
export function inferKnobs(m: StateDictShapes): InferredKnobs | undefined {
  let found: { families: FamilyId[]; knobs: KnobValues; unknowable: readonly string[] } | undefined;
  for (const id of familyIds) {
    const read = families[id].stateDict?.read(m);
    if (!read) continue;
    if (!found) found = { families: [id], knobs: read.knobs, unknowable: read.unknowable };
    else if (knobsEqual(found.knobs, read.knobs)) found.families.push(id);
    else throw new NotInferable(`the keys are the layout of both ${found.families[0]} and ${id}, with other knobs`);
  }
  return found;
}

/** Stem keys and first-stage prefixes of every family's layout, for finding the model inside a file. */
export function stateDictLandmarks(): { stemKeys: readonly string[]; stageStarts: readonly string[] } {
  const layouts = familyIds.flatMap((id) => families[id].stateDict ?? []);
  return { stemKeys: [...new Set(layouts.flatMap((l) => l.stemKeys))], stageStarts: [...new Set(layouts.flatMap((l) => l.stageStarts))] };
}
