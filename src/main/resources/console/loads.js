// The Loads tab (#/loads): initial loads, running and past, as the store records them (a load may run in another
// process), with their counts and a chart of records per second for the load shown in detail.

import { api } from './api.js';
import { el, report, formatDateTime } from './dom.js';
import { channelIcon, channelLabel } from './icons.js';

const REFRESH_MS = 5000;
const SVG = 'http://www.w3.org/2000/svg';
const COUNTS = [
  ['read', 'Read'], ['valid', 'Valid'], ['rejected', 'Rejected'], ['created', 'Created'], ['matched', 'Matched'],
  ['merged', 'Merged'], ['possible', 'Possible matches'], ['loadedBefore', 'Loaded before'],
];

const number = (value) => Number(value ?? 0).toLocaleString('en-US');
const fileName = (path) => path.split(/[\\/]/).pop();

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
  node.append(...children);
  return node;
}

/** What a row says a load's state is: a load whose process died stays RUNNING in the store but falls silent. */
function stateOf(load) {
  if (load.state === 'RUNNING' && load.silent) {
    return { label: 'Silent', kind: 'warn' };
  }
  return {
    RUNNING: { label: 'Running', kind: 'ok' },
    DONE: { label: 'Done', kind: 'ok' },
    STOPPED: { label: 'Stopped', kind: 'warn' },
    FAILED: { label: 'Failed', kind: 'down' },
  }[load.state] ?? { label: load.state, kind: 'warn' };
}

/** Records per second between consecutive samples, drawn as a line over the load's time. */
export function rateChart(samples) {
  const width = 640;
  const height = 180;
  const pad = 36;
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const seconds = (Date.parse(samples[i].at) - Date.parse(samples[i - 1].at)) / 1000;
    if (seconds > 0) {
      points.push({ t: Date.parse(samples[i].at), rate: (samples[i].read - samples[i - 1].read) / seconds });
    }
  }
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'rate-chart', role: 'img',
    'aria-label': 'Records per second over the load', 'data-testid': 'load-rate-chart' });
  if (points.length < 1) {
    chart.append(svg('text', { x: pad, y: height / 2, class: 'muted' }, 'Not enough samples for a rate yet'));
    return chart;
  }
  const t0 = points[0].t;
  const span = Math.max(1, points[points.length - 1].t - t0);
  const top = Math.max(...points.map((p) => p.rate), 1);
  const x = (t) => pad + ((t - t0) / span) * (width - 2 * pad);
  const y = (rate) => height - pad + 10 - (rate / top) * (height - 2 * pad);
  chart.append(
    svg('line', { x1: pad, y1: y(0), x2: width - pad, y2: y(0), class: 'axis' }),
    svg('line', { x1: pad, y1: y(0), x2: pad, y2: y(top), class: 'axis' }),
    svg('text', { x: 2, y: y(top) + 4, class: 'axis-label' }, `${Math.round(top)}`),
    svg('text', { x: 2, y: y(0) + 4, class: 'axis-label' }, '0'),
    svg('text', { x: width - pad, y: height - 4, class: 'axis-label', 'text-anchor': 'end' }, `${Math.round(span / 1000)} s`),
    svg('polyline', { points: points.map((p) => `${x(p.t).toFixed(1)},${y(p.rate).toFixed(1)}`).join(' '), class: 'rate-line' }));
  return chart;
}

export async function renderLoads(view, { signal, params }) {
  const rows = el('tbody');
  const detail = el('section', { class: 'card load-detail', testid: 'load-detail', 'aria-live': 'polite' });
  const updated = el('time', { testid: 'loads-updated' }, 'loading…');
  let selected = params.get('id');

  function row(load) {
    const state = stateOf(load);
    const done = load.bytesTotal > 0 ? Math.min(100, (100 * load.counts.bytesRead) / load.bytesTotal) : 100;
    return el('tr', { testid: 'load-row', 'data-id': load.id, class: load.id === selected ? 'selected' : null },
      el('td', {}, el('a', { href: `#/loads?id=${encodeURIComponent(load.id)}` }, formatDateTime(load.startedAt))),
      el('td', {}, el('span', { class: 'channel-name', 'data-channel': load.channel }, channelIcon(load.channel),
        channelLabel(load.channel))),
      el('td', { class: 'mono' }, load.sources.map(fileName).join(', ')),
      el('td', {}, el('span', { class: 'pill', 'data-state': state.kind, testid: 'load-state' }, state.label)),
      el('td', { class: 'number' }, `${done.toFixed(0)} %`),
      el('td', { class: 'number', testid: 'load-read' }, number(load.counts.read)),
      el('td', { class: 'number', testid: 'load-rejected' }, number(load.counts.rejected)),
      el('td', { class: 'number' }, number(load.counts.created)),
      el('td', { class: 'number' }, `${number(load.recordsPerSecond)}/s`));
  }

  function showDetail(load) {
    if (!load) {
      detail.replaceChildren(el('p', { class: 'muted' }, 'No load has run on this store yet. Start one with the load command (README, Load history).'));
      return;
    }
    detail.replaceChildren(
      el('h2', {}, `Load of ${load.sources.map(fileName).join(', ')}`),
      el('p', { class: 'muted' }, `${stateOf(load).label}`, load.detail ? ` · ${load.detail}` : ''),
      el('dl', { class: 'load-counts' }, COUNTS.map(([key, label]) => [el('dt', {}, label),
        el('dd', { testid: `load-count-${key}` }, number(load.counts[key]))])),
      el('h3', {}, 'Records per second'),
      rateChart(load.samples));
  }

  async function refresh() {
    try {
      const loads = await api('/admin/api/loads', { signal });
      rows.replaceChildren(...loads.map(row));
      if (!loads.length) {
        rows.append(el('tr', {}, el('td', { colspan: '9', class: 'muted' }, 'No loads yet')));
      }
      showDetail(loads.find((l) => l.id === selected) ?? loads[0]);
      updated.textContent = formatDateTime(new Date().toISOString());
    } catch (error) {
      if (!signal.aborted) {
        report(error);
      }
    }
  }

  view.append(
    el('div', { class: 'view-head' }, el('h1', {}, 'Loads'), el('p', { class: 'muted updated' }, 'Updated ', updated)),
    el('div', { class: 'card' }, el('div', { class: 'table-wrap' },
      el('table', { class: 'loads-table', 'aria-label': 'Initial loads' },
        el('thead', {}, el('tr', {}, ['Started', 'Channel', 'Files', 'State', 'Done', 'Read', 'Rejected', 'Created', 'Rate']
          .map((h) => el('th', { scope: 'col' }, h)))),
        rows))),
    detail);
  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  signal.addEventListener('abort', () => clearInterval(timer));
}
