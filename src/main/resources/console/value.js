// Customer value: the value panel of the 360 view and the admins' Value page (#/value).

import { api } from './api.js';
import { el, formatDateTime, formatMoney, report, showMessage } from './dom.js';
import { CHANNEL_ORDER, channelIcon, channelLabel } from './icons.js';

const percent = (ratio) => (ratio == null ? '–' : `${(ratio * 100).toFixed(1)}%`);
const decimal = (number, digits = 2) => (number == null ? '–' : Number(number).toFixed(digits));
const byChannel = ([a], [b]) => CHANNEL_ORDER.indexOf(a) - CHANNEL_ORDER.indexOf(b);

/** A horizontal bar for a share of the largest figure; the figure itself is written beside it. */
function bar(fraction, kind) {
  const node = el('span', { class: `bar ${kind}` });
  // through the style object: the console's content security policy refuses style attributes
  node.style.width = `${(Math.max(0, Math.min(1, fraction)) * 100).toFixed(1)}%`;
  return node;
}

function fact(label, value, testid) {
  return el('div', { class: 'fact' }, el('dt', {}, label), el('dd', { testid }, value));
}

/** The 360 view's value panel: tier and why, the model's figures, spend and margin per channel, channel shift. */
export function valuePanel(value) {
  if (!value) {
    return el('section', { class: 'card value-panel', testid: 'value-panel' },
      el('h2', {}, 'Value'), el('p', { class: 'muted' }, 'No purchases or other interactions yet'));
  }
  const currency = value.currency;
  const channels = Object.entries(value.channels ?? {}).sort(byChannel);
  const largest = Math.max(1, ...channels.map(([, c]) => Math.abs(c.revenue)));
  const rows = channels.map(([name, c]) => el('tr', { testid: 'value-channel', 'data-channel': name },
    el('th', { scope: 'row' }, el('span', { class: 'channel-name', 'data-channel': name }, channelIcon(name), channelLabel(name))),
    el('td', { class: 'chart' },
      el('div', { class: 'bars' }, bar(c.revenue / largest, 'spend'), bar(c.margin / largest, 'margin'))),
    el('td', { class: 'number' }, formatMoney(c.revenue, currency)),
    el('td', { class: 'number' }, formatMoney(c.margin, currency))));
  const shifts = Object.entries(value.channelShift?.channels ?? {}).sort(byChannel)
    .map(([name, s]) => el('li', { testid: 'value-shift', 'data-channel': name },
      `${channelLabel(name)}: ${percent(s.windowBefore)} → ${percent(s.window)}`));
  const cheaper = value.channelShift?.towardCheaper;
  return el('section', { class: 'card value-panel', testid: 'value-panel', 'aria-labelledby': 'value-title' },
    el('div', { class: 'section-head' },
      el('h2', { id: 'value-title' }, 'Value'),
      el('span', { class: `tier tier-${value.tier}`, testid: 'value-tier' }, value.tier)),
    el('p', { class: 'muted', testid: 'value-tier-reason' }, value.tierReason ?? ''),
    el('dl', { class: 'facts' },
      fact('Lifetime value', value.lifetimeValue == null ? 'not fitted yet' : formatMoney(value.lifetimeValue, currency), 'value-clv'),
      fact('Purchases next 52 weeks', decimal(value.expectedPurchases52w), 'value-expected'),
      fact('P(alive)', percent(value.probabilityAlive), 'value-alive'),
      fact('Profit', formatMoney(value.profit, currency), 'value-profit'),
      fact('Margin net of returns', formatMoney(value.margin, currency), 'value-margin'),
      fact('Cost to serve', formatMoney(value.costToServe, currency), 'value-cost-to-serve'),
      fact('Orders · return rate', `${value.orders} · ${percent(value.returnRate)}`, 'value-orders'),
      fact('RFM', value.rfm?.score ?? '–', 'value-rfm')),
    el('h3', {}, 'Spend and margin per channel'),
    el('div', { class: 'table-wrap' },
      el('table', { testid: 'value-channels' },
        el('thead', {}, el('tr', {}, ['Channel', '', 'Spend', 'Margin'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows))),
    el('h3', {}, 'Channel shift (share of spend, window before → last window)'),
    el('ul', { class: 'shift' }, shifts),
    cheaper == null ? null : el('p', { class: 'muted', testid: 'value-toward-cheaper' },
      cheaper >= 0 ? `Moved toward cheaper channels: ${formatMoney(cheaper, currency)} less to serve per order`
        : `Moved toward dearer channels: ${formatMoney(-cheaper, currency)} more to serve per order`),
    Object.keys(value.unconverted ?? {}).length
      ? el('p', { class: 'muted', testid: 'value-unconverted' }, `Not converted (no rate): ${Object.entries(value.unconverted)
        .map(([code, amount]) => `${amount} ${code}`).join(', ')}`)
      : null);
}

function modelCard(page, refresh, signal) {
  const model = page.model;
  const refit = el('button', { type: 'button', class: 'primary', testid: 'value-refit', disabled: page.fitRunning },
    page.fitRunning ? 'Fitting…' : 'Refit now');
  refit.addEventListener('click', async () => {
    refit.disabled = true;
    try {
      await api('/admin/api/value/refit', { method: 'POST', json: {}, signal, accept: [409] });
      showMessage('Fitting the value models in the background', 'info');
      refresh();
    } catch (error) {
      report(error);
    }
  });
  const row = (name, number) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', { class: 'number' }, decimal(number, 4)));
  return el('section', { class: 'card', testid: 'value-model', 'aria-labelledby': 'model-title' },
    el('div', { class: 'section-head' }, el('h2', { id: 'model-title' }, 'Model'), refit),
    model == null
      ? el('p', { class: 'muted', testid: 'value-fitted-at' }, 'Not fitted yet')
      : [
        el('p', { class: 'muted', testid: 'value-fitted-at' },
          `Fitted ${formatDateTime(model.fittedAt)} over ${model.bgnbd.customers} customers in ${model.fitMillis} ms`),
        el('table', {}, el('tbody', {},
          row('BG/NBD r', model.bgnbd.r), row('alpha', model.bgnbd.alpha), row('a', model.bgnbd.a), row('b', model.bgnbd.b),
          row('log-likelihood', model.bgnbd.logLikelihood),
          model.gammaGamma ? [row('Gamma-Gamma p', model.gammaGamma.p), row('q', model.gammaGamma.q),
            row('gamma', model.gammaGamma.gamma)] : null)),
      ],
    page.lastFitFailure ? el('p', { class: 'error' }, `Last fit failed: ${page.lastFitFailure}`) : null);
}

function tierCard(page) {
  return el('section', { class: 'card', 'aria-labelledby': 'tiers-title' },
    el('h2', { id: 'tiers-title' }, 'Tiers'),
    el('table', { testid: 'value-tier-counts' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Tier'), el('th', { scope: 'col' }, 'Customers'))),
      el('tbody', {}, page.tiers.map((t) => el('tr', { testid: 'value-tier-row', 'data-tier': t.tier },
        el('th', { scope: 'row' }, t.tier), el('td', { class: 'number' }, String(t.customers)))))));
}

function distributionCard(page) {
  const most = Math.max(1, ...page.lifetimeValueDistribution.map((b) => b.customers));
  const label = (b) => (b.from == null ? `below ${b.below}` : b.below == null ? `${b.from} and more` : `${b.from} – ${b.below}`);
  return el('section', { class: 'card', 'aria-labelledby': 'distribution-title' },
    el('h2', { id: 'distribution-title' }, `Lifetime value (${page.currency}, ${page.horizonMonths} months)`),
    el('table', { testid: 'value-distribution' }, el('tbody', {}, page.lifetimeValueDistribution.map((b) => el('tr', {},
      el('th', { scope: 'row' }, label(b)),
      el('td', { class: 'chart' }, el('div', { class: 'bars' }, bar(b.customers / most, 'spend'))),
      el('td', { class: 'number' }, String(b.customers)))))));
}

function migrationCard(page) {
  const before = [...new Set(page.channelMigration.map((m) => m.before ?? 'none'))];
  const now = [...new Set(page.channelMigration.map((m) => m.now))];
  const count = (b, n) => page.channelMigration.find((m) => (m.before ?? 'none') === b && m.now === n)?.customers ?? 0;
  return el('section', { class: 'card', 'aria-labelledby': 'migration-title' },
    el('h2', { id: 'migration-title' }, `Main channel a window (${page.window}) ago → now`),
    el('div', { class: 'table-wrap' }, el('table', { testid: 'value-migration' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Before \\ now'), now.map((n) => el('th', { scope: 'col' }, n)))),
      el('tbody', {}, before.map((b) => el('tr', { testid: 'value-migration-row', 'data-before': b },
        el('th', { scope: 'row' }, b), now.map((n) => el('td', { class: 'number' }, String(count(b, n))))))))));
}

function offendersCard(page) {
  const rows = page.worstProducts.map((p) => el('tr', { testid: 'value-offender', 'data-sku': p.sku },
    el('th', { scope: 'row', class: 'mono' }, p.sku),
    el('td', { class: 'number' }, String(p.unitsSold)),
    el('td', { class: 'number' }, percent(p.returnRate)),
    el('td', { class: 'number' }, String(p.supportCases)),
    el('td', {}, Object.entries(p.reasons).map(([code, n]) => `${code} ×${n}`).join(', '))));
  return el('section', { class: 'card', 'aria-labelledby': 'offenders-title' },
    el('h2', { id: 'offenders-title' }, `Most returned and complained-about products (${page.window})`),
    rows.length
      ? el('div', { class: 'table-wrap' }, el('table', { testid: 'value-offenders' },
        el('thead', {}, el('tr', {}, ['SKU', 'Sold', 'Returned', 'Cases', 'Reasons'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows)))
      : el('p', { class: 'muted' }, 'No returns or support cases in the window'));
}

/** The admins' Value page; it reloads itself while a fit runs. */
export async function renderValue(view, { signal }) {
  const load = async () => {
    const page = await api('/admin/api/value', { signal });
    view.replaceChildren(el('div', { class: 'value-page', testid: 'value-page' },
      el('h1', {}, 'Customer value'),
      el('div', { class: 'value-grid' }, modelCard(page, load, signal), tierCard(page), distributionCard(page), migrationCard(page),
        offendersCard(page))));
    if (page.fitRunning) {
      setTimeout(() => { if (!signal.aborted) { load().catch(report); } }, 1000);
    }
  };
  await load();
}
