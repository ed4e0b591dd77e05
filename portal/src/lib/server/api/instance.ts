/** The API the running portal serves, reading the snapshot published under VETA_HOME, or the one `veta serve` names. */
import { accessPaths } from '$warehouse/access/token-store.ts';
import { resolveHome } from '$warehouse/home.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { createApi } from './app.ts';

// `veta serve --snapshot ID` names a kept snapshot to serve instead of the published one.
const home = resolveHome();
export const api = createApi(new SnapshotReader(process.env.VETA_SNAPSHOT_FILE || home.published), { access: accessPaths(home.root) });
