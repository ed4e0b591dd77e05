/** Where the project's own definitions live, found from this file so they resolve from any working directory. */
import { fileURLToPath } from 'node:url';

/** The SQL models, their documentation and macros. */
export const TRANSFORMS_DIR = fileURLToPath(new URL('../transforms', import.meta.url));
/** The standards catalogue (CSV files and `_catalogue.yml`). */
export const CATALOGUE_DIR = fileURLToPath(new URL('./catalogue', import.meta.url));
