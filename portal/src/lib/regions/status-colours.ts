/**
 * Colours of the CRAFT statuses on the region pages, by severity (1 the most severe, catalogue.craft_statuses).
 * catalogue.colour_schemes has no scheme for CRAFT statuses yet, so they borrow the hues of its veta-status scheme
 * (risk identified, non-conformant, in progress, conformant) in the same order of gravity; figures are always written
 * beside the colour, which never carries meaning alone.
 */
const BY_SEVERITY = ['#5b0f2e', '#d95f02', '#fdb863', '#7f7f7f', '#2166ac'];

export function statusColour(severity: number): string {
  return BY_SEVERITY[Math.min(Math.max(severity, 1), BY_SEVERITY.length) - 1];
}
