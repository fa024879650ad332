// Review queue tab (#/review): possible matches, best first, the two customers side by side with the scorer's evidence,
// merged or kept apart in one click.

import { api } from './api.js';
import { el, showMessage, report, formatDate, formatMoney, humanize } from './dom.js';

const FIELDS = ['given', 'family', 'phone', 'address', 'email'];
const currentOf = (values) => values?.find((v) => v.current) ?? values?.[0];
const fullName = (name) => (name ? [name.given, name.middle, name.family].filter(Boolean).join(' ') : '');

function fieldText(customer, field) {
  switch (field) {
    case 'given': return (customer.names ?? []).map((n) => n.given).filter(Boolean).join(' / ');
    case 'family': return (customer.names ?? []).map((n) => n.family).filter(Boolean).join(' / ');
    case 'phone': return (customer.phones ?? []).map((p) => p.value).join(' / ');
    case 'email': return (customer.emails ?? []).map((e) => e.value).join(' / ');
    case 'address': return (customer.addresses ?? []).map((a) => [a.line1, a.city, a.postalCode].filter(Boolean).join(', ')).join(' / ');
    default: return '';
  }
}

export async function renderReview(view, { signal }) {
  const list = el('ol', { class: 'review-list', testid: 'review-list' });
  view.append(el('h1', {}, 'Review queue'),
    el('p', { class: 'muted' }, 'Customers who may be one person, best score first, then by their lifetime value.'), list);
  await load(list, signal);
}

async function load(list, signal) {
  list.setAttribute('aria-busy', 'true');
  try {
    const pairs = await api('/admin/api/review-queue', { signal });
    list.replaceChildren(...pairs.map((pair) => pairCard(pair, list, signal)));
    if (!pairs.length) {
      list.append(el('li', { class: 'muted', testid: 'review-empty' }, 'Nothing to review'));
    }
  } catch (error) {
    report(error);
  } finally {
    list.removeAttribute('aria-busy');
  }
}

function pairCard(pair, list, signal) {
  const one = pair.customer;
  const other = pair.otherCustomer;
  async function decide(decision, card) {
    card.querySelectorAll('button').forEach((button) => { button.disabled = true; });
    try {
      await api(`/admin/api/review-queue/${encodeURIComponent(pair.hubId)}/${encodeURIComponent(pair.otherHubId)}`,
        { method: 'POST', json: { decision }, signal });
      showMessage(decision === 'merge' ? 'Merged' : 'Kept apart: never offered again', 'info');
      await load(list, signal);
    } catch (error) {
      report(error);
      card.querySelectorAll('button').forEach((button) => { button.disabled = false; });
    }
  }
  const rows = FIELDS.map((field) => el('tr', { 'data-field': field, testid: 'evidence-row' },
    el('th', { scope: 'row' }, humanize(field)),
    el('td', {}, fieldText(one, field)),
    el('td', { class: 'evidence', testid: `evidence-${field}` }, pair.evidence?.[field] ?? ''),
    el('td', {}, fieldText(other, field))));
  const value = (amount) => (amount == null ? '–' : formatMoney(amount, one.value?.currency ?? 'USD'));
  const card = el('li', { class: 'card review-pair', testid: 'review-pair', 'data-hub-id': pair.hubId, 'data-other-hub-id': pair.otherHubId },
    el('p', {}, `score ${pair.score.toFixed(2)} · since ${formatDate(pair.since)}`,
      pair.guards?.length ? ` · held back by ${pair.guards.join(', ')}` : ''),
    el('table', { class: 'evidence-table' },
      el('thead', {}, el('tr', {}, el('th', {}, ''),
        el('th', { scope: 'col' }, el('a', { href: `#/customers/${encodeURIComponent(pair.hubId)}` }, fullName(currentOf(one.names)) || pair.hubId)),
        el('th', { scope: 'col' }, 'agreement'),
        el('th', { scope: 'col' }, el('a', { href: `#/customers/${encodeURIComponent(pair.otherHubId)}` }, fullName(currentOf(other.names)) || pair.otherHubId)))),
      el('tbody', {}, rows,
        el('tr', {}, el('th', { scope: 'row' }, 'Keys'), el('td', { class: 'mono' }, (one.sourceKeys ?? []).join(' ')), el('td', {}, ''),
          el('td', { class: 'mono' }, (other.sourceKeys ?? []).join(' '))),
        el('tr', {}, el('th', { scope: 'row' }, 'Lifetime value'), el('td', {}, value(pair.lifetimeValue)), el('td', {}, ''),
          el('td', {}, value(pair.otherLifetimeValue))))),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary', testid: 'review-merge', onclick: () => decide('merge', card) }, 'Merge'),
      el('button', { type: 'button', testid: 'review-keep-apart', onclick: () => decide('keep-apart', card) }, 'Keep apart')));
  return card;
}
