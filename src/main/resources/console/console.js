// Entry point: the session (login, logout, expiry), the top bar and the hash router that shows one view at a time.

import { api } from './api.js';
import { el, clearMessage, describe, report, showMessage, cancelConfirm } from './dom.js';
import { renderCustomers } from './customers.js';
import { renderReview } from './review.js';
import { renderDashboard, renderDeadLetters, renderAudit } from './admin.js';
import { renderFiles } from './files.js';
import { renderLoads } from './loads.js';
import { renderOrders } from './orders.js';
import { renderMonitoring } from './monitoring.js';
import { renderValue } from './value.js';

const TABS = [
  { key: 'customers', label: 'Customers', render: renderCustomers },
  { key: 'review', label: 'Review queue', render: renderReview },
  { key: 'dashboard', label: 'Dashboard', admin: true, render: renderDashboard },
  { key: 'monitoring', label: 'Monitoring', admin: true, render: renderMonitoring },
  { key: 'value', label: 'Value', admin: true, render: renderValue },
  { key: 'dlq', label: 'Dead letters', admin: true, render: renderDeadLetters },
  { key: 'orders', label: 'Order desk', admin: true, render: renderOrders },
  { key: 'files', label: 'Routes & mappings', admin: true, render: renderFiles },
  { key: 'loads', label: 'Loads', admin: true, render: renderLoads },
  { key: 'audit', label: 'Audit', admin: true, render: renderAudit },
];

const $ = (id) => document.getElementById(id);
const view = $('view');

let session = null;
// Aborted when the view is left: its pending calls stop and its timers end, so a late answer cannot draw on another view.
let viewControl = null;

const isAdmin = () => session?.roles?.includes('admin') ?? false;

/** "#/customers/H-1?q=x" -> {segments: ['customers', 'H-1'], params}. */
function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const cut = hash.indexOf('?');
  const path = cut < 0 ? hash : hash.slice(0, cut);
  return {
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(cut < 0 ? '' : hash.slice(cut + 1)),
  };
}

function leaveView() {
  viewControl?.abort();
  viewControl = null;
  cancelConfirm();
  view.replaceChildren();
}

function route() {
  if (!session) {
    return;
  }
  const { segments, params } = parseHash();
  const tab = TABS.find((t) => t.key === segments[0]);
  if (!tab) {
    location.replace('#/customers');
    return;
  }
  leaveView();
  clearMessage();
  if (tab.admin && !isAdmin()) {
    history.replaceState(null, '', '#/customers');
    route();
    showMessage('not allowed for your role');
    return;
  }
  document.querySelectorAll('#tabs a').forEach((link) => {
    if (link.dataset.tab === tab.key) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
  document.title = `${tab.label} · Customer Hub`;
  viewControl = new AbortController();
  const context = { id: segments[1], params, signal: viewControl.signal };
  // Views may be sync or async; either way a failure while drawing reaches the message area.
  new Promise((resolve) => { resolve(tab.render(view, context)); }).catch(report);
}

function showApp() {
  $('login').hidden = true;
  $('topbar').hidden = false;
  view.hidden = false;
  $('current-user').textContent = session.user;
  $('tabs').replaceChildren(...TABS.filter((t) => !t.admin || isAdmin()).map((t) => el('li', {},
    el('a', { href: `#/${t.key}`, testid: `nav-${t.key}`, 'data-tab': t.key }, t.label))));
  if (location.hash.length > 2) {
    route();
  } else {
    location.replace('#/customers');
  }
}

/** Shows the login screen; whatever the previous user saw leaves the page. */
function showLogin(note = '') {
  session = null;
  leaveView();
  clearMessage();
  $('topbar').hidden = true;
  view.hidden = true;
  $('tabs').replaceChildren();
  $('current-user').textContent = '';
  $('login').hidden = false;
  $('login-error').textContent = note;
  document.title = 'Customer Hub';
  $('login-user').focus();
}

async function login(event) {
  event.preventDefault();
  const submit = $('login-submit');
  $('login-error').textContent = '';
  submit.disabled = true;
  try {
    session = await api('/admin/api/session', {
      method: 'POST', json: { user: $('login-user').value.trim(), password: $('login-password').value },
    });
    $('login-password').value = '';
    showApp();
  } catch (error) {
    // 429 carries the server's own words (how long to wait); a 401 here only means a wrong name or password.
    $('login-error').textContent = error.status === 401 ? 'Wrong user name or password.' : describe(error);
  } finally {
    submit.disabled = false;
  }
}

async function logout() {
  try {
    await api('/admin/api/session', { method: 'DELETE' });
    // The next person to log in starts afresh, not on the previous user's search or file.
    history.replaceState(null, '', '#/customers');
    showLogin();
  } catch (error) {
    report(error);
  }
}

// Any 401 after login means the session ended (expired, or logged out elsewhere).
window.addEventListener('hub:unauthorized', () => {
  if (session) {
    showLogin('Your session has ended. Please log in again.');
  }
});
window.addEventListener('hashchange', route);
$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', logout);
$('message-close').addEventListener('click', clearMessage);

try {
  session = await api('/admin/api/session');
  showApp();
} catch (error) {
  showLogin(error.status === 401 ? '' : describe(error));
}
