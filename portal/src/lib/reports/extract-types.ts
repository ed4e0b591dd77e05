/** The shape of `GET /api/v1/extracts`, as the open-data page reads it. */

export interface ExtractField {
  name: string;
  type?: string;
  description?: string;
  unit?: string;
}

export interface ExtractFile {
  file: string;
  format: string | null;
  media_type: string;
  bytes: number | null;
  sha256: string | null;
  /** Where the API serves it. */
  url: string;
}

export interface ExtractTable {
  /** `schema.table`. */
  table: string;
  description: string;
  grain: string;
  fields: ExtractField[];
  files: ExtractFile[];
}

export interface Extract {
  snapshot_id: string;
  tier: string;
  /** Whether the portal serves this snapshot now. */
  is_served: boolean;
  created: string | null;
  title: string;
  description: string;
  veta_version: string | null;
  minimum_count: number | null;
  licenses: { name?: string; title?: string; path?: string }[];
  licence_note: string | null;
  sources: { title: string; path?: string }[];
  withheld: { table: string; reason: string }[];
  datapackage_url: string;
  tables: ExtractTable[];
}

export interface ExtractList {
  snapshot_id: string;
  built_at: string;
  extracts: Extract[];
  restricted: { served: boolean; note: string };
}
