// Customers tab: search (#/customers?q=...) and the 360 view of one customer (#/customers/<hubId>).

import { api } from './api.js';
import {
  el, showMessage, report, confirmAction, formatDate, formatDateTime, formatMoney, humanize, newestFirst,
} from './dom.js';
import { CHANNEL_ORDER, SOURCE_CHANNELS, channelIcon, channelLabel } from './icons.js';
import { valuePanel } from './value.js';

const customerUrl = (hubId) => `/api/customers/${encodeURIComponent(hubId)}`;
const profileHash = (hubId) => `#/customers/${encodeURIComponent(hubId)}`;

/** The current value of a list, or its first when none is marked current. */
const currentOf = (values) => values?.find((v) => v.current) ?? values?.[0];
const fullName = (name) => (name ? [name.given, name.middle, name.family].filter(Boolean).join(' ') : '');
const channelOf = (key) => key.split(':', 1)[0];
const byChannel = (a, b) => CHANNEL_ORDER.indexOf(a) - CHANNEL_ORDER.indexOf(b);

function addressText(address) {
  const place = [address.region, address.postalCode].filter(Boolean).join(' ');
  return [address.line1, address.line2, address.city, place, address.country].filter(Boolean).join(', ');
}

export function renderCustomers(view, context) {
  return context.id ? renderProfile(view, context) : renderSearch(view, context);
}

function searchForm(query) {
  const input = el('input', {
    id: 'search-input', type: 'search', name: 'q', testid: 'search-input', value: query, required: true,
    autocomplete: 'off', placeholder: 'Name, e-mail, phone, loyalty card, channel key or order number',
  });
  const submit = (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      return;
    }
    // The query lives in the hash so reload and Back return to the results; the same query again searches again.
    const target = `#/customers?q=${encodeURIComponent(text)}`;
    if (location.hash === target) {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      location.hash = target;
    }
  };
  return el('form', { class: 'search', role: 'search', onsubmit: submit },
    el('label', { for: 'search-input' }, 'Find a customer'),
    el('div', { class: 'search-row' }, input, el('button', { type: 'submit', class: 'primary', testid: 'search-submit' }, 'Search')));
}

async function renderSearch(view, { params, signal }) {
  const query = params.get('q') ?? '';
  const results = el('section', { class: 'results' });
  view.append(el('h1', { class: 'visually-hidden' }, 'Customers'), searchForm(query), results);
  document.getElementById('search-input').focus();
  if (!query) {
    return;
  }
  results.setAttribute('aria-busy', 'true');
  results.append(el('p', { class: 'muted' }, 'Searching…'));
  try {
    const found = await api(`/api/customers?q=${encodeURIComponent(query)}`, { signal });
    results.replaceChildren();
    if (!found.length) {
      showMessage('No customer found', 'info');
      return;
    }
    results.append(
      el('h2', { class: 'results-title' }, `${found.length} ${found.length === 1 ? 'customer' : 'customers'} for “${query}”`),
      el('ol', { class: 'result-list' }, found.map((customer) => el('li', {}, resultCard(customer)))),
    );
  } catch (error) {
    results.replaceChildren();
    report(error);
  } finally {
    results.removeAttribute('aria-busy');
  }
}

function resultCard(customer) {
  const contact = [currentOf(customer.emails)?.value, currentOf(customer.phones)?.value, currentOf(customer.addresses)?.city];
  return el('a', { class: 'result', href: profileHash(customer.hubId), testid: 'search-result', 'data-hub-id': customer.hubId },
    el('span', { class: 'result-name' }, fullName(currentOf(customer.names)) || 'Unnamed customer'),
    el('span', { class: 'result-id mono' }, customer.hubId),
    el('span', { class: 'result-contact' }, contact.filter(Boolean).join(' · ')),
    el('span', { class: 'result-keys mono' }, (customer.sourceKeys ?? []).join('  ')));
}

async function renderProfile(view, { id, signal }) {
  const slot = el('div', { 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'Loading customer…'));
  view.append(searchForm(''), slot);
  try {
    mount(slot, await api(customerUrl(id), { signal }), id, signal);
  } catch (error) {
    slot.replaceChildren();
    report(error);
  } finally {
    slot.removeAttribute('aria-busy');
  }
}

/** Shows a customer; called again with the customer a correction or match decision answers. */
function mount(slot, customer, requestedId, signal) {
  if (customer.splitInto?.length) {
    slot.replaceChildren(splitAnswer(customer));
    return;
  }
  if (customer.hubId !== requestedId) {
    // A merged-away id answers with the survivor: the address bar follows it, without a Back entry that would redirect.
    history.replaceState(null, '', profileHash(customer.hubId));
    showMessage(`${requestedId} was merged into ${customer.hubId}`, 'info');
  }
  const update = (next) => mount(slot, next, customer.hubId, signal);
  slot.replaceChildren(profile(customer, update, signal));
}

function profile(customer, update, signal) {
  return el('article', { class: 'profile', testid: 'customer-360', 'aria-labelledby': 'customer-name' },
    profileHeader(customer),
    keyChips(customer.sourceKeys ?? []),
    possibleMatches(customer, update, signal),
    splitSection(customer, update, signal),
    el('div', { class: 'profile-body' },
      el('div', { class: 'profile-side' },
        contactSection(customer, update, signal),
        simpleSection('Consents', 'consents', customer.consents, consentText),
        simpleSection('Preferences', 'preferences', customer.preferences, (p) => `${p.key}: ${p.value}`),
        simpleSection('Affiliations', 'affiliations', customer.affiliations, affiliationText)),
      el('div', { class: 'profile-main' }, valuePanel(customer.value), reminders(customer.reminders ?? []), channelTotals(customer.interactions ?? []), timeline(customer.interactions ?? []))));
}

function profileHeader(customer) {
  const facts = [
    `Customer since ${formatDate(customer.createdAt)}`,
    `updated ${formatDateTime(customer.updatedAt)}`,
    customer.loyaltyCards?.length ? `loyalty card ${customer.loyaltyCards.join(', ')}` : null,
    customer.mergedIds?.length ? `merged from ${customer.mergedIds.join(', ')}` : null,
  ];
  return el('header', { class: 'profile-header' },
    el('h1', { id: 'customer-name', testid: 'customer-name' }, fullName(currentOf(customer.names)) || 'Unnamed customer'),
    el('p', { class: 'hub-id mono' }, customer.hubId),
    el('p', { class: 'muted' }, facts.filter(Boolean).join(' · ')));
}

/** One chip per key; each source channel without a key shows a greyed "no key" chip. */
function keyChips(keys) {
  const chip = (channel, key) => el('li', { class: 'chip', 'data-channel': channel, testid: 'source-key' }, channelIcon(channel), key);
  const chips = SOURCE_CHANNELS.flatMap((channel) => {
    const own = keys.filter((key) => channelOf(key) === channel);
    return own.length
      ? own.map((key) => chip(channel, key))
      : [el('li', { class: 'chip missing', 'data-channel': channel }, channelIcon(channel), `${channel}: no key`)];
  });
  const others = keys.filter((key) => !SOURCE_CHANNELS.includes(channelOf(key)));
  return el('ul', { class: 'chips', 'aria-label': 'Channel keys' }, chips, others.map((key) => chip(channelOf(key), key)));
}

/** "web · 2026-03-14"; a value an agent entered names the agent. */
function provenanceBadge(value) {
  const source = value.channel === 'agent' ? ['agent', value.by].filter(Boolean).join(' ') : value.channel;
  const text = value.at ? `${source} · ${formatDate(value.at)}` : source;
  return el('span', { class: 'badge', testid: 'provenance-badge', 'data-channel': value.channel, title: value.messageId ? `message ${value.messageId}` : null }, text);
}

/** Current values first and highlighted, the others under "Also known", newest first. */
function valueList(values, content, testid) {
  if (!values?.length) {
    return el('p', { class: 'muted' }, 'None recorded');
  }
  const row = (value) => el('li', { class: value.current ? 'value current' : 'value', testid },
    el('span', { class: 'value-text' }, content(value)), provenanceBadge(value));
  const history = values.filter((v) => !v.current).sort(newestFirst);
  return el('div', {},
    el('ul', { class: 'values' }, values.filter((v) => v.current).map(row)),
    history.length ? [el('h4', { class: 'also-known' }, 'Also known'), el('ul', { class: 'values history' }, history.map(row))] : null);
}

function simpleSection(title, testid, values, content) {
  return el('section', { class: 'card', testid }, el('h2', {}, title), valueList(values, content));
}

function consentText(consent) {
  const answer = (flag) => (flag == null ? 'not given' : flag ? 'yes' : 'no');
  return `E-mail: ${answer(consent.email)} · SMS: ${answer(consent.sms)}`;
}

function affiliationText(affiliation) {
  const organisation = affiliation.organisationName
    ? `${affiliation.organisationName} (${affiliation.organisationId})` : affiliation.organisationId;
  return [organisation, affiliation.role, affiliation.active ? 'active' : 'inactive'].filter(Boolean).join(' · ');
}

function contactSection(customer, update, signal) {
  const formSlot = el('div', { id: 'correction' });
  const toggle = el('button', { type: 'button', testid: 'correct-contact', 'aria-expanded': 'false', 'aria-controls': 'correction' }, 'Correct contact data');
  const close = () => {
    formSlot.replaceChildren();
    toggle.setAttribute('aria-expanded', 'false');
    toggle.focus();
  };
  toggle.addEventListener('click', () => {
    if (toggle.getAttribute('aria-expanded') === 'true') {
      close();
      return;
    }
    formSlot.replaceChildren(correctionForm(customer, close, update, signal));
    toggle.setAttribute('aria-expanded', 'true');
    formSlot.querySelector('input').focus();
  });
  const card = (title, values, content) => el('section', { class: 'card' }, el('h3', {}, title), valueList(values, content, 'contact-value'));
  const addressContent = (address) => [address.use ? el('span', { class: 'tag' }, address.use) : null, addressText(address)];
  return el('section', { class: 'contact', 'aria-labelledby': 'contact-title' },
    el('div', { class: 'section-head' }, el('h2', { id: 'contact-title' }, 'Contact data'), toggle),
    formSlot,
    el('div', { class: 'contact-cards' },
      card('Names', customer.names, fullName),
      card('E-mail addresses', customer.emails, (v) => v.value),
      card('Phone numbers', customer.phones, (v) => v.value),
      card('Addresses', customer.addresses, addressContent)));
}

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'];
const CORRECTION_FIELDS = [
  ['email', 'E-mail', 'email', 'correct-email'],
  ['phone', 'Phone', 'tel', 'correct-phone'],
  ['line1', 'Address line 1', 'text', 'correct-line1'],
  ['line2', 'Address line 2', 'text', 'correct-line2'],
  ['city', 'City', 'text', 'correct-city'],
  ['region', 'Region / state', 'text', 'correct-region'],
  ['postalCode', 'Postal code', 'text', 'correct-postal-code'],
  ['country', 'Country', 'text', 'correct-country'],
];

function correctionForm(customer, close, update, signal) {
  const address = currentOf(customer.addresses) ?? {};
  const initial = { email: currentOf(customer.emails)?.value ?? '', phone: currentOf(customer.phones)?.value ?? '' };
  ADDRESS_FIELDS.forEach((field) => { initial[field] = address[field] ?? ''; });
  const inputs = {};
  const fields = CORRECTION_FIELDS.map(([name, label, type, testid]) => {
    // autocomplete off: the browser would otherwise offer the agent's own details for the customer's.
    inputs[name] = el('input', { id: testid, name, type, testid, value: initial[name], autocomplete: 'off' });
    return el('div', { class: `field field-${name}` }, el('label', { for: testid }, label), inputs[name]);
  });
  const submit = el('button', { type: 'submit', class: 'primary', testid: 'correct-submit' }, 'Save correction');

  async function save(event) {
    event.preventDefault();
    const typed = Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value.trim()]));
    // Only what the agent changed is sent, so untouched values keep their channel's provenance.
    const body = {};
    ['email', 'phone'].filter((name) => typed[name] !== initial[name]).forEach((name) => { body[name] = typed[name]; });
    if (ADDRESS_FIELDS.some((name) => typed[name] !== initial[name])) {
      // An address is one value: the whole corrected address is sent, its empty lines left out.
      body.address = Object.fromEntries(ADDRESS_FIELDS.filter((name) => typed[name]).map((name) => [name, typed[name]]));
    }
    if (!Object.keys(body).length) {
      showMessage('Nothing to save: no field was changed.', 'info');
      return;
    }
    submit.disabled = true;
    try {
      update(await api(`${customerUrl(customer.hubId)}/corrections`, { method: 'POST', json: body, signal }));
      showMessage('Correction saved', 'info');
    } catch (error) {
      report(error);
      submit.disabled = false;
    }
  }

  return el('form', { class: 'card correction', onsubmit: save, 'aria-labelledby': 'correction-title' },
    el('h3', { id: 'correction-title' }, 'Correct contact data'),
    el('div', { class: 'field-grid' }, fields),
    el('div', { class: 'actions' }, submit, el('button', { type: 'button', testid: 'correct-cancel', onclick: close }, 'Cancel')));
}

function possibleMatches(customer, update, signal) {
  const matches = customer.possibleMatches ?? [];
  if (!matches.length) {
    return null;
  }
  async function decide(match, decision, row) {
    const merge = decision === 'merge';
    const confirmed = await confirmAction(merge
      ? { title: 'Merge customers?', text: `${customer.hubId} and ${match.hubId} become one customer. This cannot be undone from the console.`, confirm: 'Merge' }
      : { title: 'Keep apart?', text: `${match.hubId} is a different person and will no longer be offered as a match for ${customer.hubId}.`, confirm: 'Keep apart' });
    if (!confirmed) {
      return;
    }
    row.querySelectorAll('button').forEach((button) => { button.disabled = true; });
    try {
      const next = await api(`${customerUrl(customer.hubId)}/matches/${encodeURIComponent(match.hubId)}`,
        { method: 'POST', json: { decision }, signal });
      update(next);
      showMessage(merge ? `Merged: ${next.hubId} is the customer's record` : `${match.hubId} is kept apart`, 'info');
    } catch (error) {
      report(error);
      row.querySelectorAll('button').forEach((button) => { button.disabled = false; });
    }
  }
  const item = (match) => {
    const row = el('li', { class: 'match', testid: 'possible-match', 'data-hub-id': match.hubId },
      el('a', { href: profileHash(match.hubId), class: 'mono' }, match.hubId),
      el('span', { class: 'muted' }, `score ${Math.round(match.score * 100)} % · since ${formatDate(match.since)}`));
    row.append(el('div', { class: 'actions' },
      el('button', { type: 'button', testid: 'match-merge', onclick: () => decide(match, 'merge', row) }, 'Merge'),
      el('button', { type: 'button', testid: 'match-keep-apart', onclick: () => decide(match, 'keep-apart', row) }, 'Keep apart')));
    return row;
  };
  return el('section', { class: 'matches', 'aria-labelledby': 'matches-title' },
    el('h2', { id: 'matches-title' }, 'Possibly the same person'),
    el('ul', {}, matches.map(item)));
}

/** What an id an agent split answers with: only the customers it became. */
function splitAnswer(customer) {
  return el('section', { class: 'card', testid: 'split-into', 'aria-labelledby': 'split-into-title' },
    el('h1', { id: 'split-into-title' }, 'This customer was split'),
    el('p', { class: 'hub-id mono' }, customer.hubId),
    el('p', {}, 'It became these customers:'),
    el('ul', {}, customer.splitInto.map((hubId) => el('li', {},
      el('a', { href: profileHash(hubId), class: 'mono', testid: 'split-part' }, hubId)))));
}

/**
 * Undo a wrong merge: each channel key is given a group number, and each group becomes a customer of its own, rebuilt
 * from the archived messages of its keys.
 */
function splitSection(customer, update, signal) {
  const keys = customer.sourceKeys ?? [];
  if (keys.length < 2) {
    return null;
  }
  const choices = keys.map((key, index) => el('select', {
    id: `split-group-${index}`, 'data-key': key, testid: 'split-group', 'aria-label': `Group of ${key}`,
  }, keys.map((unused, group) => el('option', { value: String(group + 1), selected: group === Math.min(index, 1) }, `Person ${group + 1}`))));
  const submit = el('button', { type: 'submit', testid: 'split-submit' }, 'Split');
  async function split(event) {
    event.preventDefault();
    const byGroup = new Map();
    choices.forEach((select) => {
      byGroup.set(select.value, [...(byGroup.get(select.value) ?? []), select.dataset.key]);
    });
    const groups = [...byGroup.keys()].sort().map((group) => byGroup.get(group));
    if (groups.length < 2) {
      showMessage('Put the keys in two groups or more', 'error');
      return;
    }
    const confirmed = await confirmAction({ title: 'Split this customer?',
      text: `${customer.hubId} becomes ${groups.length} customers, each rebuilt from the messages of its keys, kept apart from then on.`,
      confirm: 'Split' });
    if (!confirmed) {
      return;
    }
    submit.disabled = true;
    try {
      const next = await api(`/admin/api/customers/${encodeURIComponent(customer.hubId)}/split`,
        { method: 'POST', json: { groups }, signal });
      update(next);
      showMessage(`Split into ${next.splitInto?.length ?? groups.length} customers`, 'info');
    } catch (error) {
      report(error);
      submit.disabled = false;
    }
  }
  return el('details', { class: 'card split', testid: 'split' },
    el('summary', {}, 'Split into separate people'),
    el('form', { onsubmit: split },
      el('p', { class: 'muted' }, 'Say who each channel key belongs to.'),
      el('ul', { class: 'split-keys' }, keys.map((key, index) => el('li', {},
        el('label', { for: `split-group-${index}`, class: 'mono' }, key), choices[index]))),
      el('div', { class: 'actions' }, submit)));
}

/** Sums of amount and margin per channel and currency, over the interactions that carry an amount. */
function channelTotals(interactions) {
  const groups = new Map();
  for (const interaction of interactions) {
    if (interaction.amount == null) {
      continue;
    }
    const key = `${interaction.channel} ${interaction.currency ?? ''}`;
    const group = groups.get(key) ?? { channel: interaction.channel, currency: interaction.currency, count: 0, amount: 0, margin: null };
    group.count += 1;
    group.amount += interaction.amount;
    if (interaction.margin != null) {
      group.margin = (group.margin ?? 0) + interaction.margin;
    }
    groups.set(key, group);
  }
  const rows = [...groups.values()].sort((a, b) => byChannel(a.channel, b.channel) || (a.currency ?? '').localeCompare(b.currency ?? ''));
  const body = rows.length
    ? rows.map((g) => el('tr', { testid: 'channel-total-row', 'data-channel': g.channel },
      el('th', { scope: 'row' }, el('span', { class: 'channel-name', 'data-channel': g.channel }, channelIcon(g.channel), channelLabel(g.channel))),
      el('td', { class: 'number' }, String(g.count)),
      el('td', { class: 'number' }, formatMoney(g.amount, g.currency)),
      el('td', { class: 'number' }, g.margin == null ? '–' : formatMoney(g.margin, g.currency))))
    : el('tr', {}, el('td', { colspan: '4', class: 'muted' }, 'No purchases yet'));
  return el('section', { class: 'card' },
    el('h2', { id: 'totals-title' }, 'Spend & margin per channel'),
    el('div', { class: 'table-wrap' },
      el('table', { testid: 'channel-totals', 'aria-labelledby': 'totals-title' },
        el('thead', {}, el('tr', {}, ['Channel', 'Interactions', 'Spend', 'Margin'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, body))));
}

/** Replenishment reminders: the upcoming ones first (next due first), then those sent or suppressed, newest first. */
function reminders(list) {
  const upcoming = list.filter((r) => r.state === 'UPCOMING').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const decided = list.filter((r) => r.state !== 'UPCOMING').sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''));
  const row = (r) => el('tr', { testid: 'reminder-row', 'data-state': r.state, 'data-sku': r.sku },
    el('td', { class: 'mono' }, r.sku),
    el('td', {}, r.source === 'WEB' ? 'Set on the web' : 'From purchases'),
    el('td', {}, el('time', { datetime: r.dueAt }, formatDate(r.dueAt))),
    el('td', {}, el('time', { datetime: r.expectedAt }, formatDate(r.expectedAt))),
    el('td', {}, r.state === 'UPCOMING' ? 'Upcoming' : `${humanize(r.state)} ${formatDateTime(r.decidedAt)}`));
  const rows = [...upcoming, ...decided];
  return el('section', { class: 'card', testid: 'reminders' },
    el('h2', { id: 'reminders-title' }, 'Replenishment reminders'),
    rows.length
      ? el('div', { class: 'table-wrap' },
        el('table', { 'aria-labelledby': 'reminders-title' },
          el('thead', {}, el('tr', {}, ['SKU', 'Source', 'Due', 'Expected purchase', 'State'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, rows.map(row))))
      : el('p', { class: 'muted' }, 'No reminders'));
}

function timeline(interactions) {
  const items = [...interactions].sort(newestFirst);
  return el('section', { class: 'card', testid: 'timeline', 'aria-labelledby': 'timeline-title' },
    el('h2', { id: 'timeline-title' }, 'Timeline'),
    items.length ? el('ol', { class: 'timeline' }, items.map(timelineItem)) : el('p', { class: 'muted' }, 'No interactions yet'));
}

function timelineItem(interaction) {
  const incident = interaction.incident === true;
  const facts = [
    channelLabel(interaction.channel),
    interaction.reference ?? interaction.id,
    interaction.amount == null ? null : formatMoney(interaction.amount, interaction.currency),
    interaction.status,
    interaction.everyDays ? `every ${interaction.everyDays} days` : null,
    interaction.organisationId ? `organisation ${interaction.organisationId}` : null,
  ];
  const lines = interaction.lines ?? [];
  const incidents = interaction.incidents ?? [];
  return el('li', { class: incident ? 'event incident' : 'event', testid: 'timeline-item', 'data-channel': interaction.channel, 'data-incident': incident ? 'true' : null },
    el('span', { class: 'event-icon', 'data-channel': interaction.channel }, channelIcon(interaction.channel)),
    el('div', { class: 'event-body' },
      el('p', { class: 'event-head' },
        el('strong', {}, humanize(interaction.type)),
        interaction.subtype ? el('span', { class: 'muted' }, interaction.subtype) : null,
        incident ? el('span', { class: 'incident-flag' }, 'Incident') : null,
        el('time', { datetime: interaction.at }, formatDateTime(interaction.at))),
      el('p', { class: 'event-facts' }, facts.filter(Boolean).join(' · ')),
      interaction.note ? el('p', { class: 'note' }, interaction.note) : null,
      incidents.length ? el('ul', { class: 'incidents' }, incidents.map((i) => el('li', {},
        el('code', {}, i.code), ' ', [i.text, i.sku && `SKU ${i.sku}`, i.reference].filter(Boolean).join(' · ')))) : null,
      lines.length ? el('details', { class: 'lines' },
        el('summary', {}, `${lines.length} ${lines.length === 1 ? 'line' : 'lines'}`),
        el('table', {},
          el('thead', {}, el('tr', {}, ['SKU', 'Description', 'Qty', 'Unit price'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, lines.map((line) => el('tr', {},
            el('td', { class: 'mono' }, line.sku),
            el('td', {}, line.description ?? ''),
            el('td', { class: 'number' }, String(line.quantity)),
            el('td', { class: 'number' }, line.unitPrice == null ? '' : formatMoney(line.unitPrice, interaction.currency))))))) : null));
}
