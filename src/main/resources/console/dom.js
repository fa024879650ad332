// DOM building, the message area, the in-page confirmation and formatting shared by every view.
// Server text only ever reaches the page as text nodes or attribute values, never as markup.

import { ApiError } from './api.js';

/**
 * Creates an element. Props: `class`, `testid` (data-testid), `value`, `on<event>` listeners, any other attribute
 * (true gives an empty attribute, null/false/undefined none). Children: nodes, strings (as text), nested arrays;
 * null and false are skipped so callers can write `condition ? node : null`.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'testid') {
      node.dataset.testid = value;
    } else if (key === 'value') {
      node.value = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  node.append(...children.flat(Infinity).filter((child) => child != null && child !== false));
  return node;
}

const messageText = () => document.getElementById('message');

/** Shows a message in the shared area; kind is 'error' or 'info'. */
export function showMessage(text, kind = 'error') {
  messageText().textContent = text;
  document.getElementById('message-bar').dataset.kind = kind;
  document.getElementById('message-close').hidden = false;
}

export function clearMessage() {
  messageText().textContent = '';
  delete document.getElementById('message-bar').dataset.kind;
  document.getElementById('message-close').hidden = true;
}

/** The text a person should read for a failed call. */
export function describe(error) {
  if (error instanceof ApiError) {
    if (error.status === 403) {
      return 'not allowed for your role';
    }
    return error.code ? `${error.message} (${error.code})` : error.message;
  }
  return `The hub did not answer: ${error.message}`;
}

/** Shows a failed call, except an abandoned one (the view was left) or a 401 (the login screen already shows). */
export function report(error) {
  if (error.name === 'AbortError' || error.status === 401) {
    return;
  }
  if (!(error instanceof ApiError)) {
    console.error(error);
  }
  showMessage(describe(error), 'error');
}

/** Sets a <time> element to the moment of the latest refresh. */
export function markUpdated(time) {
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();
}

/**
 * Runs load now and every ms until signal aborts. A load still running when the next is due is not doubled; a failure
 * is reported and its message cleared by the next load that succeeds.
 */
export function refreshEvery(ms, signal, load) {
  let busy = false;
  let failed = false;
  async function refresh() {
    if (busy) {
      return;
    }
    busy = true;
    try {
      await load();
      if (failed) {
        clearMessage();
        failed = false;
      }
    } catch (error) {
      failed = !signal.aborted;
      report(error);
    } finally {
      busy = false;
    }
  }
  refresh();
  const timer = setInterval(refresh, ms);
  signal.addEventListener('abort', () => clearInterval(timer));
}

/** Asks in a modal dialog (window.confirm cannot be styled or tested); resolves true when confirmed. */
export function confirmAction({ title, text, confirm }) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = confirm;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

/** Closes a pending confirmation as declined, so no action runs against a view that is gone. */
export function cancelConfirm() {
  document.getElementById('confirm').close();
}

// Dates are shown as the server wrote them (the source's own day), never shifted into the browser's zone.
export const formatDate = (iso) => (iso ? iso.slice(0, 10) : '');
export const formatDateTime = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

export const newestFirst = (a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0);

// A fixed locale keeps figures identical on every agent's machine.
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatMoney(amount, currency) {
  return currency ? `${money.format(amount)} ${currency}` : money.format(amount);
}

/** STORE_RETURN -> "Store return". */
export function humanize(code) {
  const words = code.replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Fills a <pre> with a unified diff, one span per line so additions and removals can be coloured. */
export function renderDiff(pre, text) {
  const lines = text.replace(/\n$/, '').split('\n');
  pre.replaceChildren(...lines.map((line) => {
    let kind = null;
    if (line.startsWith('@@')) {
      kind = 'hunk';
    } else if (line.startsWith('+') && !line.startsWith('+++')) {
      kind = 'add';
    } else if (line.startsWith('-') && !line.startsWith('---')) {
      kind = 'del';
    }
    return el('span', { class: kind }, `${line}\n`);
  }));
}
