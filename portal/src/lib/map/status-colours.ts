/**
 * Colours of the CRAFT statuses on maps: the region pages' colours (by severity, as catalogue.craft_statuses ranks
 * them), so a status looks the same everywhere; the legend always names them, so colour is never the only cue.
 */
import { statusColour } from '../regions/status-colours.ts';

/** catalogue.craft_statuses' severity: 1 the most severe. */
const SEVERITY = { disengage: 1, suspend: 2, mitigate: 3, not_eligible: 4, engage: 5 } as const;

export const STATUS_COLOURS: Record<string, string> = Object.fromEntries(
  Object.entries(SEVERITY).map(([status, severity]) => [status, statusColour(severity)]),
);
