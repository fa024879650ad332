// Monitoring tab (#/monitoring): active alerts, each channel's and partner's figures now, and per-minute charts of the
// last hours (messages and failures), from GET /admin/api/monitoring.

import { api } from './api.js';
import { el, formatDateTime, markUpdated, refreshEvery } from './dom.js';

const REFRESH_MS = 10000;
const SVG = 'http://www.w3.org/2000/svg';
const CHART_WIDTH = 480;
const CHART_HEIGHT = 90;

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  node.append(...children);
  return node;
}

/** "channel.retail" -> "Retail (channel)", "partner.prominate" -> "prominate (partner)". */
function sourceLabel(source) {
  const cut = source.indexOf('.');
  const kind = source.slice(0, cut);
  const name = source.slice(cut + 1);
  return `${kind === 'channel' ? name.charAt(0).toUpperCase() + name.slice(1) : name} (${kind})`;
}

/** Messages (blue bars) and failures (red bars) per minute over the hours shown, oldest on the left. */
function chart(minutes, hours, now) {
  const span = hours * 3600 * 1000;
  const start = now - span;
  const shown = minutes.filter((m) => Date.parse(m.minute) >= start);
  const peak = Math.max(1, ...shown.map((m) => m.messages));
  const width = Math.max(1, (CHART_WIDTH / (hours * 60)) * 0.8);
  const x = (at) => (((Date.parse(at) - start) / span) * CHART_WIDTH).toFixed(1);
  const height = (count) => ((count / peak) * (CHART_HEIGHT - 6)).toFixed(1);
  const bars = (className, count) => shown.filter((m) => count(m) > 0).map((m) => svg('rect', {
    class: className, x: x(m.minute), y: (CHART_HEIGHT - height(count(m))).toFixed(1), width, height: height(count(m)),
  }));
  const title = svg('title');
  title.textContent = `${shown.reduce((sum, m) => sum + m.messages, 0)} messages, `
    + `${shown.reduce((sum, m) => sum + m.errors, 0)} failed in the last ${hours} h (peak ${peak} a minute)`;
  return svg('svg', { class: 'chart', viewBox: `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`, role: 'img', preserveAspectRatio: 'none' },
    title,
    svg('line', { class: 'chart-axis', x1: 0, y1: CHART_HEIGHT, x2: CHART_WIDTH, y2: CHART_HEIGHT }),
    ...bars('chart-messages', (m) => m.messages),
    ...bars('chart-errors', (m) => m.errors));
}

export function renderMonitoring(view, { signal }) {
  const updated = el('time', { testid: 'monitoring-updated' }, 'loading…');
  const alerts = el('ul', { class: 'alert-list', testid: 'monitoring-alerts' });
  const grid = el('div', { class: 'channel-grid' });
  let hours = 1;
  let last = null;
  const range = el('select', {
    testid: 'monitoring-hours', 'aria-label': 'Hours charted',
    onchange: () => {
      hours = Number(range.value);
      if (last) {
        show(last);
      }
    },
  }, [1, 3, 6, 12, 24].map((h) => el('option', { value: String(h) }, `last ${h} h`)));
  view.append(el('section', { testid: 'monitoring', 'aria-labelledby': 'monitoring-title' },
    el('div', { class: 'view-head' },
      el('h1', { id: 'monitoring-title' }, 'Monitoring'), range,
      el('p', { class: 'muted updated' }, 'Updated ', updated)),
    el('h2', {}, 'Alerts'), alerts, grid));

  function show(data) {
    last = data;
    const shownHours = Math.min(hours, data.historyHours);
    const now = Date.parse(data.at) || Date.now();
    alerts.replaceChildren(...(data.alerts.length
      ? data.alerts.map((alert) => el('li', { testid: 'monitoring-alert', 'data-source': alert.source, 'data-kind': alert.kind },
        el('strong', {}, `${sourceLabel(alert.source)}: ${alert.kind.replace('_', ' ').toLowerCase()}`),
        ` since ${formatDateTime(alert.at)}: ${alert.detail}`))
      : [el('li', { class: 'muted' }, 'No alert: every channel and partner is within its thresholds.')]));
    const active = new Set(data.alerts.map((alert) => alert.source));
    grid.replaceChildren(...data.sources.map((source) => {
      const figure = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
      return el('article', {
        class: 'channel-card', testid: 'monitoring-source', 'data-source': source.source,
        'data-state': active.has(source.source) ? 'down' : 'ok',
      },
      el('h2', {}, sourceLabel(source.source), el('span', { class: 'pill' }, active.has(source.source) ? 'Alert' : 'OK')),
      chart(data.history[source.source] ?? [], shownHours, now),
      el('p', { class: 'muted' }, `Messages a minute over the last ${shownHours} h; failures in red`),
      el('dl', {},
        figure('Last message', source.lastMessage ? formatDateTime(source.lastMessage) : 'none since start'),
        figure(`Rate (${data.windowMinutes} min)`, `${source.messagesPerMinute.toFixed(1)} /min`),
        figure('Error rate', `${source.errorPercent.toFixed(1)} %`),
        figure('p95 latency', source.p95Millis == null ? '-' : `${source.p95Millis} ms`),
        figure('Dead letters', String(source.deadLetters)),
        figure('Silence threshold', source.silenceThreshold
          ? `${source.silenceThreshold} (${source.schedule}${source.scheduleOpen ? ', open now' : ', closed now'})` : 'none')));
    }));
    markUpdated(updated);
  }

  refreshEvery(REFRESH_MS, signal, async () => show(await api('/admin/api/monitoring', { signal })));
}
