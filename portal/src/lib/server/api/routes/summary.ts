/**
 * `GET /summary`: the headline figures of the home page. Aggregates only: no site, location or person is named, so
 * the answer is safe for the public tier.
 */
import { Hono } from 'hono';
import type { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';

export interface HeadlineFigures {
  sites: number;
  producers: number;
  countries: number;
  latest_assessment_date: string | null;
}

const HEADLINE_SQL = `
select
    count(*)::integer as sites,
    count(distinct producer_id)::integer as producers,
    count(distinct country_code)::integer as countries,
    strftime(max(last_assessment_date), '%Y-%m-%d') as latest_assessment_date
from marts.dim_sites
`;

export function summaryRoutes(reader: SnapshotReader): Hono {
  return new Hono().get('/summary', async (c) => {
    const { rows, snapshot } = await reader.query<HeadlineFigures>(HEADLINE_SQL);
    return c.json({ ...snapshot, figures: rows[0] });
  });
}
