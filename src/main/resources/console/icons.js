// Channel names, labels and inline SVG icons (24x24 stroke paths), so the console needs no image files.
// Each channel's colour lives in console.css under [data-channel="..."].

const SVG = 'http://www.w3.org/2000/svg';

const CHANNELS = {
  catalogue: { label: 'Catalogue', path: 'M3 6h18v12H3z M3 6l9 7 9-7' },
  retail: { label: 'Retail', path: 'M3 10l2-6h14l2 6z M5 10v10h14V10 M10 20v-5h4v5' },
  directsales: { label: 'Direct sales', path: 'M3 8h18v12H3z M8 8V5h8v3 M3 13h18' },
  web: { label: 'Web', path: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M3 12h18 M12 3c3 3 3 15 0 18 M12 3c-3 3-3 15 0 18' },
  procurement: { label: 'Procurement', path: 'M5 21V4h10v17 M15 9h4v12 M3 21h18 M8 8h4 M8 12h4 M8 16h4' },
  agent: { label: 'Agent', path: 'M4 15v-3a8 8 0 0 1 16 0v3 M4 14h3v5H4z M17 14h3v5h-3z M20 19c0 2-2 3-5 3' },
};

// Unknown channels (a later addition to the hub) still get a neutral dot.
const FALLBACK = 'M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8';

/** The channels that send messages to the hub: each has its own keys and dead-letter queue. */
export const SOURCE_CHANNELS = ['catalogue', 'retail', 'directsales', 'web'];

/** Every channel in display order. */
export const CHANNEL_ORDER = Object.keys(CHANNELS);

export function channelLabel(channel) {
  return CHANNELS[channel]?.label ?? channel;
}

/** A decorative icon: callers always put the channel's name next to it. */
export function channelIcon(channel) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', CHANNELS[channel]?.path ?? FALLBACK);
  svg.append(path);
  return svg;
}
