/** The API the running portal serves, reading the snapshot published under VETA_HOME (set by `veta serve`). */
import { resolveHome } from '$warehouse/home.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { createApi } from './app.ts';

export const api = createApi(new SnapshotReader(resolveHome().published));
