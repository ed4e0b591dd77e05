/**
 * Colours of the CRAFT statuses on maps, from severe to fine, distinct for colour-blind readers (the Okabe–Ito set);
 * the legend always names them too, so colour is never the only cue.
 */
export const STATUS_COLOURS: Record<string, string> = {
  disengage: '#d55e00',
  suspend: '#e69f00',
  mitigate: '#f0e442',
  not_eligible: '#56b4e9',
  engage: '#009e73',
};
