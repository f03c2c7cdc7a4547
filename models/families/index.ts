// The six families by id.
import type { FamilyId } from '../graph/types';
import { densenetFamily } from './densenet';
import type { FamilyDef } from './family';
import { res2netFamily } from './res2net';
import { resnestFamily } from './resnest';
import { resnetFamily, resnextFamily } from './resnet';
import { senetFamily } from './senet';

export const families: Readonly<Record<FamilyId, FamilyDef>> = {
  resnet: resnetFamily,
  resnext: resnextFamily,
  senet: senetFamily,
  densenet: densenetFamily,
  res2net: res2netFamily,
  resnest: resnestFamily,
};

export const familyIds = Object.keys(families) as FamilyId[];

export function isFamilyId(id: string): id is FamilyId {
  return Object.prototype.hasOwnProperty.call(families, id);
}
