/** `veta export`: open-data extracts. Listed now so scripts and docs can name it; the extracts come with issue #5. */
import type { Command } from '../command.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write open-data extracts (Parquet, CSV, GeoJSON) of the published snapshot. Not yet available.',
  usage: 'veta export',
  help: [],
  options: {},
  async run(context) {
    context.err('veta export: not yet: extracts of the published marts arrive with the transforms work (issue #5)');
    return 1;
  },
};
