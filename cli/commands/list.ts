// `backbone-lens list [--json]`: every preset with its family, the libraries that build it, depth,
// params and MACs at its input size (the default weights' input size).
import { analyzeSpec, presetDescription, presets, resolveId } from '../../models';
import { compact, integer, shape } from '../../models/report/format';
import { table } from '../table';

export function listCommand(json: boolean): string {
  const rows = presets.map((p) => {
    const spec = resolveId(p.id);
    const a = analyzeSpec(spec);
    return { id: p.id, family: p.family, origins: p.origins, input: [3, ...a.input], depth: a.total.depth, params: a.total.params, macs: a.total.macs, description: presetDescription(p) };
  });
  if (json) return JSON.stringify(rows, null, 2);
  return table(
    [
      { title: 'id', align: 'left' },
      { title: 'family', align: 'left' },
      { title: 'library', align: 'left' },
      { title: 'input', align: 'right' },
      { title: 'depth', align: 'right' },
      { title: 'params', align: 'right' },
      { title: 'MACs', align: 'right' },
    ],
    rows.map((r) => [r.id, r.family, r.origins.join('+'), shape(r.input.slice(1)), String(r.depth), integer(r.params), compact(r.macs)]),
  );
}
