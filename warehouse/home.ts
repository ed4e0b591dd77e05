/**
 * Where Veta keeps its state. Everything lives under one home directory so that a deployment, a test or a demo can be
 * moved, copied or thrown away as a unit.
 */
import path from 'node:path';

export interface VetaHome {
  root: string;
  /** The landing warehouse: raw tables and ingest bookkeeping, written by `veta ingest`. */
  warehouse: string;
  /** Every built snapshot, by id; published ones are never written again. */
  snapshots: string;
  /** The snapshot the portal serves: replaced only by an atomic rename. */
  published: string;
  /** Exports written by `veta demo`. */
  demo: string;
  /** Mapping files of other forms onto Veta's assessment (`veta ingest --mapping`), applied at every build. */
  mappings: string;
  /** Every input file as received, by content hash. */
  archive: string;
}

/** `--home DIR`, else `VETA_HOME`, else `./.veta` in the working directory. */
export function resolveHome(flag?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): VetaHome {
  const root = path.resolve(cwd, flag || env.VETA_HOME || '.veta');
  return {
    root,
    warehouse: path.join(root, 'warehouse.duckdb'),
    snapshots: path.join(root, 'snapshots'),
    published: path.join(root, 'published.duckdb'),
    demo: path.join(root, 'demo'),
    mappings: path.join(root, 'mappings'),
    archive: path.join(root, 'archive'),
  };
}
