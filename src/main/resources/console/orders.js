// Admin tab #/orders: procurement orders held for the order desk. Each line shows why direct sales cannot take it;
// the admin maps a part to a SKU (added to the part number cross-reference) or converts the order's currency, then
// sends it on, once, or rejects it.

import { api } from './api.js';
import { el, showMessage, clearMessage, describe, formatDateTime, confirmAction } from './dom.js';

const BASE = '/admin/api/procurement/exceptions';

export async function renderOrders(view, { signal }) {
  const list = el('div', { class: 'held-orders', testid: 'held-orders' });
  const load = async () => {
    try {
      const held = await api(BASE, { signal });
      list.replaceChildren(...held.map((order) => heldOrder(order, load)));
      if (!held.length) {
        list.append(el('p', { class: 'muted', testid: 'held-orders-empty' }, 'No held orders: every order went through.'));
      }
    } catch (error) {
      showMessage(describe(error));
    }
  };
  view.append(
    el('div', { class: 'view-head' }, el('h1', {}, 'Order desk'),
      el('div', { class: 'toolbar' }, el('button', { type: 'button', onclick: load }, 'Refresh'))),
    el('p', { class: 'muted' }, 'Procurement orders direct sales cannot take as they came. They were answered and stored; '
      + 'map their parts or convert their currency, then send them on.'),
    list);
  await load();
}

/** One held order: its lines with their reasons and the admin's actions. */
function heldOrder(order, reload) {
  const act = async (action, json, done) => {
    clearMessage();
    try {
      await api(`${BASE}/${order.id}/${action}`, { method: 'POST', json });
      showMessage(done, 'info');
      await reload();
    } catch (error) {
      showMessage(describe(error));
    }
  };
  const currency = el('select', { testid: 'convert-currency', 'aria-label': 'Convert to' },
    (order.convertible ?? []).map((code) => el('option', { value: code }, code)));
  // converting is offered only where a currency is what holds the order
  const currencyHeld = order.lines.some((line) => line.reasons.some((reason) => ['CURRENCY_NOT_TAKEN', 'NO_RATE'].includes(reason.code)));
  const orderReasons = order.reasons.map((reason) => el('li', { testid: 'order-reason' }, reason.detail));
  return el('article', { class: 'card held-order', testid: 'held-order', 'data-order': order.orderId },
    el('h2', {}, `${order.orderId} `, el('span', { class: 'muted' }, `from ${order.partner} for ${order.account}`)),
    el('p', { class: 'muted' }, 'Held ', el('time', { datetime: order.heldAt }, formatDateTime(order.heldAt)),
      order.convertTo ? ` · prices to be converted to ${order.convertTo}` : ''),
    orderReasons.length ? el('ul', {}, orderReasons) : null,
    el('div', { class: 'table-wrap' }, el('table', { 'aria-label': `Lines of ${order.orderId}` },
      el('thead', {}, el('tr', {}, ['Line', 'Part', 'Quantity', 'Price', 'Why held', 'Map to SKU']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, order.lines.map((line) => heldLine(order, line, act))))),
    el('div', { class: 'toolbar' },
      currencyHeld ? currency : null,
      currencyHeld ? el('button', {
        type: 'button', testid: 'convert-order',
        onclick: () => act('convert', { currency: currency.value }, `Prices of ${order.orderId} will be converted to ${currency.value}.`),
      }, 'Convert currency') : null,
      el('button', {
        type: 'button', class: 'primary', testid: 'send-order', disabled: !order.ready,
        onclick: (event) => {
          // one click sends: the button stays off while the hub answers, and the hub itself sends a held order once
          event.target.disabled = true;
          act('send', {}, `${order.orderId} was sent on to direct sales.`);
        },
      }, 'Send to direct sales'),
      el('button', {
        type: 'button', testid: 'reject-order',
        onclick: async () => {
          const sure = await confirmAction({
            title: `Reject ${order.orderId}?`,
            text: 'The order is closed without being sent to direct sales, and the buyer\'s platform is told it is rejected.',
            confirm: 'Reject order',
          });
          if (sure) {
            act('reject', {}, `${order.orderId} was rejected; the buyer's platform is told.`);
          }
        },
      }, 'Reject')));
}

function heldLine(order, line, act) {
  const unmapped = line.reasons.some((reason) => reason.code === 'UNMAPPED_PART');
  const sku = el('input', {
    testid: 'map-sku', inputmode: 'numeric', pattern: '[0-9]{6}', size: '7', 'aria-label': `SKU for line ${line.lineNumber}`,
  });
  const part = [line.supplierPartId, line.auxiliaryPartId && `aux ${line.auxiliaryPartId}`,
    line.manufacturerPartId && `mfr ${line.manufacturerPartId}`].filter(Boolean).join(' · ');
  return el('tr', { testid: 'held-line', 'data-line': line.lineNumber },
    el('td', {}, String(line.lineNumber)),
    el('td', { class: 'mono' }, part, line.description ? el('div', { class: 'muted' }, line.description) : null),
    el('td', {}, `${line.quantity} ${line.unitOfMeasure ?? ''}`),
    el('td', {}, `${line.unitPrice} ${line.currency}`),
    el('td', { testid: 'line-reasons' }, line.reasons.length
      ? el('ul', {}, line.reasons.map((reason) => el('li', { 'data-code': reason.code }, reason.detail)))
      : el('span', { class: 'muted' }, 'fits')),
    el('td', {}, unmapped ? el('form', {
      class: 'inline-form',
      onsubmit: (event) => {
        event.preventDefault();
        act('map', { line: line.lineNumber, sku: sku.value.trim() },
          `Part ${line.supplierPartId || line.manufacturerPartId} of ${order.partner} now maps to SKU ${sku.value.trim()}.`);
      },
    }, sku, el('button', { type: 'submit', testid: 'map-part' }, 'Map')) : null));
}
