/**
 * How Veta starts headless Chromium, for the PDF renderer, the browser tests and the page benchmark alike: where it is
 * (`CHROMIUM_PATH`, else Debian's), and the flags that keep it offline. Without the background-networking flags
 * Chromium keeps calling home, which an offline machine refuses and a field office pays for.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Chromium is expected: `CHROMIUM_PATH`, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}
