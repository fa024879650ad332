// Admin tabs: the live dashboard (#/dashboard), dead letters (#/dlq?channel=web) and the audit log (#/audit).

import { api, request } from './api.js';
import { el, showMessage, report, formatDateTime, renderDiff, markUpdated, refreshEvery } from './dom.js';
import { SOURCE_CHANNELS, channelIcon, channelLabel } from './icons.js';

const REFRESH_MS = 5000;
const DLQ_PAGE = 50;

/** Depths and counts are null when the hub uses an external broker it cannot read. */
const count = (value) => (value == null ? 'n/a' : String(value));

export function renderDashboard(view, { signal }) {
  const updated = el('time', { testid: 'dashboard-updated' }, 'loading…');
  const health = el('span', { class: 'pill' }, '…');
  const routeSummary = el('p', { class: 'muted' });
  const grid = el('div', { class: 'channel-grid' });
  const nodeRows = el('tbody');
  const brokers = el('p', { class: 'muted', testid: 'cluster-brokers' });
  view.append(el('section', { testid: 'dashboard', 'aria-labelledby': 'dashboard-title' },
    el('div', { class: 'view-head' },
      el('h1', { id: 'dashboard-title' }, 'Dashboard'), health,
      el('p', { class: 'muted updated' }, 'Updated ', updated)),
    routeSummary, grid,
    el('section', { class: 'card nodes-card', 'aria-labelledby': 'nodes-title' },
      el('h2', { id: 'nodes-title' }, 'Hub nodes'),
      el('div', { class: 'table-wrap' },
        el('table', { 'aria-label': 'Hub nodes' },
          el('thead', {}, el('tr', {}, ['Node', 'Host', 'State', 'Up for', 'Routes', 'Taken', 'Rate', 'Broker']
            .map((h) => el('th', { scope: 'col' }, h)))),
          nodeRows)),
      brokers)));

  /** Every node of the store's list and each broker's state; rebuilt each time, the list is short. */
  function showNodes(data) {
    nodeRows.replaceChildren(...(data.nodes ?? []).map((node) => el('tr', { testid: 'cluster-node', 'data-node': node.id,
      'data-state': node.alive ? 'ok' : 'down' },
    el('td', {}, node.id, node.id === data.answeredBy ? ' (this node)' : ''), el('td', {}, node.host),
    el('td', {}, node.alive ? 'alive' : `gone since ${formatDateTime(node.heartbeatAt)}`),
    el('td', {}, node.alive ? `${Math.floor(node.uptimeSeconds / 60)} min` : '-'),
    el('td', {}, `${node.routesStarted} of ${node.routesTotal}`), el('td', {}, String(node.messagesTaken)),
    el('td', {}, `${node.messagesPerSecond} msg/s`), el('td', {}, node.broker ?? 'none'))));
    brokers.textContent = `Brokers: ${(data.brokers ?? []).map((b) => `${b.address} ${b.state}`).join(', ')}`;
  }

  // Cards are built once and updated in place, so a refresh neither moves focus nor replaces elements being read.
  const cards = new Map();
  let previous = null;

  function card(channel) {
    if (!cards.has(channel)) {
      const field = (label, testid) => {
        const value = el('dd', { testid });
        return { value, nodes: [el('dt', {}, label), value] };
      };
      const fields = {
        rate: field('Inbound rate', 'inbound-rate'),
        depth: field('Queue depth', 'queue-depth'),
        added: field('Received', null),
        dead: field('Dead letters', 'dead-letter-count'),
        feed: field('Feed queue', null),
        status: field('Ingest route', 'route-status'),
        feedStatus: field('Feed route', null),
      };
      const state = el('span', { class: 'pill' });
      const failures = el('p', { class: 'muted' });
      const link = el('a', { href: `#/dlq?channel=${encodeURIComponent(channel)}`, hidden: true }, 'Open dead letters');
      const root = el('article', { class: 'channel-card', testid: 'dashboard-channel', 'data-channel': channel },
        el('h2', { class: 'channel-name', 'data-channel': channel }, channelIcon(channel), channelLabel(channel), state),
        el('dl', {}, Object.values(fields).map((f) => f.nodes)),
        failures, link);
      grid.append(root);
      cards.set(channel, { root, state, failures, link, fields });
    }
    return cards.get(channel);
  }

  /** Messages per second through the ingest route since the previous refresh; "-" when there is nothing to compare. */
  function rate(channel, total, at) {
    const before = previous?.totals.get(channel);
    const seconds = previous ? (at - previous.at) / 1000 : 0;
    if (before == null || total == null || seconds <= 0 || total < before) {
      return '-';
    }
    return `${((total - before) / seconds).toFixed(1)} msg/s`;
  }

  function show(data) {
    // The server's own time spaces the samples, so a slow answer does not distort the rate.
    const at = Date.parse(data.at) || Date.now();
    const seen = new Set();
    for (const channel of data.channels ?? []) {
      seen.add(channel.channel);
      const { root, state, failures, link, fields } = card(channel.channel);
      const ingest = channel.ingestRoute ?? {};
      const down = ingest.status !== 'Started';
      const warn = !down && channel.deadLetters > 0;
      root.dataset.state = down ? 'down' : warn ? 'warn' : 'ok';
      state.textContent = down ? 'Down' : warn ? 'Attention' : 'OK';
      fields.rate.value.textContent = rate(channel.channel, ingest.exchangesTotal, at);
      fields.depth.value.textContent = count(channel.inboundDepth);
      fields.added.value.textContent = count(channel.inboundAdded);
      fields.dead.value.textContent = count(channel.deadLetters);
      fields.feed.value.textContent = count(channel.feedDepth);
      fields.status.value.textContent = ingest.status ?? 'unknown';
      fields.feedStatus.value.textContent = channel.feedRoute?.status ?? 'none';
      failures.textContent = ingest.exchangesTotal == null ? '' : `${ingest.exchangesFailed ?? 0} of ${ingest.exchangesTotal} exchanges failed`;
      link.hidden = !(channel.deadLetters > 0);
    }
    for (const [channel, { root }] of cards) {
      if (!seen.has(channel)) {
        root.remove();
        cards.delete(channel);
      }
    }
    previous = { at, totals: new Map((data.channels ?? []).map((c) => [c.channel, c.ingestRoute?.exchangesTotal])) };
    health.textContent = `Health ${data.health}`;
    health.dataset.state = data.health === 'UP' ? 'ok' : 'down';
    const notStarted = (data.routes ?? []).filter((r) => r.status !== 'Started');
    routeSummary.textContent = notStarted.length
      ? `Routes not started: ${notStarted.map((r) => `${r.id} (${r.status})`).join(', ')}`
      : `All ${(data.routes ?? []).length} routes started`;
    markUpdated(updated);
  }

  refreshEvery(REFRESH_MS, signal, async () => {
    show(await api('/admin/api/dashboard', { signal }));
    showNodes(await api('/admin/api/nodes', { signal }));
  });
}

export function renderDeadLetters(view, { params, signal }) {
  let channel = SOURCE_CHANNELS.includes(params.get('channel')) ? params.get('channel') : SOURCE_CHANNELS[0];
  let offset = 0;
  let selected = null;
  let loading = 0;

  const select = el('select', { id: 'dlq-channel', testid: 'dlq-channel' },
    SOURCE_CHANNELS.map((c) => el('option', { value: c, selected: c === channel }, channelLabel(c))));
  const replayAll = el('button', { type: 'button', testid: 'dlq-replay-all' }, 'Replay all');
  const rows = el('tbody');
  const shown = el('p', { class: 'muted', 'aria-live': 'polite' });
  const more = el('button', { type: 'button', hidden: true }, `Show ${DLQ_PAGE} more`);
  const viewerTitle = el('h2', { id: 'dlq-viewer-title' });
  const raw = el('pre', { testid: 'dlq-raw', class: 'raw', tabindex: '0', 'aria-labelledby': 'dlq-viewer-title' });
  const replayOne = el('button', { type: 'button', class: 'primary', testid: 'dlq-replay' }, 'Replay this message');
  const replayCode = el('button', { type: 'button', testid: 'dlq-replay-code' });
  const viewer = el('section', { class: 'card viewer', hidden: true, 'aria-labelledby': 'dlq-viewer-title' },
    viewerTitle, el('div', { class: 'actions' }, replayOne, replayCode), raw);

  view.append(
    el('div', { class: 'view-head' }, el('h1', {}, 'Dead letters'),
      el('div', { class: 'toolbar' },
        el('label', { for: 'dlq-channel' }, 'Channel'), select,
        el('button', { type: 'button', onclick: () => load(true) }, 'Refresh'), replayAll)),
    el('div', { class: 'dlq-layout' },
      el('div', { class: 'card' },
        el('div', { class: 'table-wrap' },
          el('table', { class: 'dlq-table', 'aria-label': 'Dead letters' },
            el('thead', {}, el('tr', {}, ['Failed at', 'Reason', 'Detail', 'Source queue', 'Message id', ''].map((h) => el('th', { scope: 'col' }, h)))),
            rows)),
        shown, more),
      viewer));

  async function load(reset) {
    // Only the latest load writes: switching channels quickly must not mix two queues in one table.
    const mine = ++loading;
    if (reset) {
      offset = 0;
      selected = null;
      viewer.hidden = true;
      rows.replaceChildren();
    }
    try {
      const page = await api(`/admin/api/dlq/${encodeURIComponent(channel)}?offset=${offset}&limit=${DLQ_PAGE}`, { signal });
      if (mine !== loading) {
        return;
      }
      offset += page.length;
      rows.append(...page.map(row));
      more.hidden = page.length < DLQ_PAGE;
      shown.textContent = offset ? `${offset} ${offset === 1 ? 'message' : 'messages'} shown` : `No dead letters on ${channelLabel(channel)}`;
    } catch (error) {
      report(error);
    }
  }

  function row(entry) {
    const failedAt = entry.failedAt ?? new Date(entry.timestamp).toISOString();
    const tr = el('tr', { testid: 'dlq-row', 'data-id': entry.id },
      el('td', {}, el('time', { datetime: failedAt }, formatDateTime(failedAt))),
      el('td', {}, el('code', { testid: 'dlq-reason' }, entry.reason)),
      el('td', { class: 'detail' }, entry.detail ?? ''),
      el('td', { class: 'mono' }, entry.sourceQueue ?? ''),
      el('td', { class: 'mono id' }, entry.id));
    tr.append(el('td', {}, el('button', { type: 'button', testid: 'dlq-view', 'aria-label': `View message ${entry.id}`, onclick: () => inspect(entry, tr) }, 'View')));
    return tr;
  }

  async function inspect(entry, tr) {
    selected = entry;
    rows.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    tr.classList.add('selected');
    viewer.hidden = false;
    viewerTitle.textContent = `Message ${entry.id}`;
    replayCode.textContent = `Replay all ${entry.reason}`;
    raw.textContent = 'Loading…';
    try {
      const response = await request(`/admin/api/dlq/${encodeURIComponent(channel)}/${encodeURIComponent(entry.id)}`, { signal });
      const type = response.headers.get('Content-Type') ?? '';
      const body = type.startsWith('application/octet-stream')
        ? `binary, ${(await response.arrayBuffer()).byteLength} bytes`
        : await response.text();
      if (selected === entry) {
        raw.textContent = body;
      }
    } catch (error) {
      raw.textContent = '';
      report(error);
    }
  }

  async function replay(query) {
    const buttons = [replayAll, replayOne, replayCode];
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const result = await api(`/admin/api/dlq/${encodeURIComponent(channel)}/replay${query}`, { method: 'POST', signal });
      showMessage(`Replayed ${result.replayed} ${result.replayed === 1 ? 'message' : 'messages'}`, 'info');
      await load(true);
    } catch (error) {
      report(error);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  select.addEventListener('change', () => {
    channel = select.value;
    // Kept in the address for reload, without a Back entry per channel looked at.
    history.replaceState(null, '', `#/dlq?channel=${encodeURIComponent(channel)}`);
    load(true);
  });
  more.addEventListener('click', () => load(false));
  replayAll.addEventListener('click', () => replay(''));
  replayOne.addEventListener('click', () => replay(`?id=${encodeURIComponent(selected.id)}`));
  replayCode.addEventListener('click', () => replay(`?code=${encodeURIComponent(selected.reason)}`));
  load(true);
}

export async function renderAudit(view, { signal }) {
  const rows = el('tbody');
  const load = async () => {
    try {
      const entries = await api('/admin/api/audit?limit=100', { signal });
      rows.replaceChildren(...entries.map(auditRow));
      if (!entries.length) {
        rows.append(el('tr', {}, el('td', { colspan: '5', class: 'muted' }, 'Nothing recorded yet')));
      }
    } catch (error) {
      report(error);
    }
  };
  view.append(
    el('div', { class: 'view-head' }, el('h1', {}, 'Audit'),
      el('div', { class: 'toolbar' }, el('button', { type: 'button', onclick: load }, 'Refresh'))),
    el('div', { class: 'card' }, el('div', { class: 'table-wrap' },
      el('table', { class: 'audit-table', 'aria-label': 'Latest changes' },
        el('thead', {}, el('tr', {}, ['When', 'Who', 'Action', 'Target', 'Detail'].map((h) => el('th', { scope: 'col' }, h)))),
        rows))));
  await load();
}

function auditRow(entry) {
  const detail = entry.detail ?? '';
  const firstLine = detail.split('\n', 1)[0];
  // Long details (a file change carries its whole diff) stay folded under their first line.
  const long = detail.includes('\n') || detail.length > 160;
  let cell = detail;
  if (long) {
    const pre = el('pre', { class: 'diff' });
    renderDiff(pre, detail);
    cell = el('details', {}, el('summary', {}, firstLine.length > 160 ? `${firstLine.slice(0, 160)}…` : firstLine), pre);
  }
  return el('tr', { testid: 'audit-row', 'data-id': entry.id },
    el('td', {}, el('time', { datetime: entry.at }, formatDateTime(entry.at))),
    el('td', {}, entry.actor),
    el('td', {}, el('code', {}, entry.action)),
    el('td', { class: 'mono' }, entry.target),
    el('td', { class: 'detail' }, cell));
}
