// The families by id: the one registry every surface reaches a family through. A new family
// is a module in this folder and one line here (and its presets).
import { densenetFamily } from './densenet';
import type { FamilyDef } from './family';
import { res2netFamily } from './res2net';
import { resnestFamily } from './resnest';
import { resnetFamily, resnextFamily } from './resnet';
import { senetFamily } from './senet';

export const families = {
  resnet: resnetFamily,
  resnext: resnextFamily,
  senet: senetFamily,
  densenet: densenetFamily,
  res2net: res2netFamily,
  resnest: resnestFamily,
} as const satisfies Readonly<Record<string, FamilyDef>>;

export type FamilyId = keyof typeof families;

export const familyIds = Object.keys(families) as FamilyId[];

export function isFamilyId(id: string): id is FamilyId {
  return Object.prototype.hasOwnProperty.call(families, id);
}
