// Routes & mappings tab (#/files?path=...): route status and control, and the editable files of routes/ and config/.

import { api } from './api.js';
import { el, showMessage, report, confirmAction, formatDateTime, renderDiff } from './dom.js';

// What can be done to a route in each status, in the order the buttons appear.
const ROUTE_ACTIONS = { Started: ['suspend', 'stop'], Suspended: ['resume', 'stop'], Stopped: ['start'] };

/** Keeps the slashes of a path like config/mappings/web-to-canonical.xsl and encodes each segment. */
const fileUrl = (path, suffix = '') => `/admin/api/files/${path.split('/').map(encodeURIComponent).join('/')}${suffix}`;

function formatSize(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

export function renderFiles(view, { params, signal }) {
  const routeRows = el('tbody');
  const fileList = el('nav', { class: 'file-list', testid: 'file-list', 'aria-label': 'Editable files' });
  const editorLabel = el('label', { for: 'file-editor' }, 'Choose a file to edit');
  const editor = el('textarea', { id: 'file-editor', testid: 'file-editor', spellcheck: 'false', wrap: 'off', disabled: true });
  const button = (testid, label, handler) => el('button', { type: 'button', testid, disabled: true, onclick: handler }, label);
  const buttons = [
    button('file-validate', 'Validate', () => run(validate)),
    button('file-diff', 'Show diff', () => run(diff)),
    button('file-apply', 'Apply', () => run(apply)),
    button('file-history', 'History', () => run(loadHistory)),
  ];
  buttons[2].classList.add('primary');
  const result = el('p', { class: 'file-result', testid: 'file-result', role: 'status' });
  const samples = el('ul', { class: 'samples' });
  const diffOutput = el('pre', { class: 'diff', testid: 'diff-output', tabindex: '0', 'aria-label': 'Differences' });
  const historyList = el('ol', { class: 'history', 'aria-label': 'Earlier versions' });

  let openPath = null;
  let loaded = '';
  let opening = 0;
  const dirty = () => openPath !== null && editor.value !== loaded;

  view.append(
    el('h1', {}, 'Routes & mappings'),
    el('section', { class: 'card', 'aria-labelledby': 'routes-title' },
      el('div', { class: 'section-head' }, el('h2', { id: 'routes-title' }, 'Routes'),
        el('button', { type: 'button', onclick: () => loadRoutes() }, 'Refresh')),
      el('div', { class: 'table-wrap' },
        el('table', { class: 'route-table', 'aria-labelledby': 'routes-title' },
          el('thead', {}, el('tr', {}, ['Route', 'Source', 'Status', 'Exchanges', 'Failed', 'In flight', 'Last error', ''].map((h) => el('th', { scope: 'col' }, h)))),
          routeRows))),
    el('section', { class: 'files-layout', 'aria-label': 'Files' },
      el('div', { class: 'card' }, el('h2', {}, 'Files'), fileList),
      el('div', { class: 'card editor-panel' },
        editorLabel, editor,
        el('div', { class: 'actions' }, buttons),
        result, samples,
        el('h3', {}, 'Diff against the running version'), diffOutput,
        el('h3', {}, 'History'), historyList)));

  // Leaving the page with unapplied edits asks first; the listener goes with the view.
  const guard = (event) => {
    if (dirty()) {
      event.preventDefault();
      event.returnValue = '';
    }
  };
  window.addEventListener('beforeunload', guard);
  signal.addEventListener('abort', () => window.removeEventListener('beforeunload', guard));

  async function loadRoutes() {
    try {
      const routes = await api('/admin/api/routes', { signal });
      routeRows.replaceChildren(...routes.map(routeRow));
    } catch (error) {
      report(error);
    }
  }

  function routeRow(route) {
    const actions = (ROUTE_ACTIONS[route.status] ?? []).map((action) => {
      const label = action.charAt(0).toUpperCase() + action.slice(1);
      return el('button', {
        type: 'button', testid: `route-${action}`, 'aria-label': `${label} ${route.id}`, onclick: () => control(route.id, action),
      }, label);
    });
    const lastError = route.lastError ? `${formatDateTime(route.lastErrorAt)} ${route.lastError}` : '';
    return el('tr', { testid: 'route-row', 'data-route-id': route.id, 'data-status': route.status },
      el('th', { scope: 'row', class: 'mono' }, route.id),
      el('td', { class: 'mono' }, route.source ?? ''),
      el('td', {}, el('span', { class: 'status', 'data-status': route.status }, route.status)),
      el('td', { class: 'number' }, String(route.exchangesTotal ?? '')),
      el('td', { class: 'number' }, String(route.exchangesFailed ?? '')),
      el('td', { class: 'number' }, String(route.exchangesInflight ?? '')),
      el('td', { class: 'detail error-text' }, lastError),
      el('td', {}, el('div', { class: 'actions' }, actions)));
  }

  async function control(id, action) {
    try {
      const answer = await api(`/admin/api/routes/${encodeURIComponent(id)}/${action}`, { method: 'POST', signal });
      showMessage(`${answer.id} is now ${answer.status}`, 'info');
    } catch (error) {
      report(error);
    }
    await loadRoutes();
  }

  async function loadFiles() {
    try {
      const [routes, config] = await Promise.all(['routes', 'config'].map((dir) => api(`/admin/api/files?dir=${dir}`, { signal })));
      const group = (title, files) => el('div', { class: 'file-group' }, el('h3', {}, title),
        el('ul', {}, files.map((file) => el('li', {}, fileItem(file)))));
      fileList.replaceChildren(group('routes/', routes), group('config/', config));
    } catch (error) {
      report(error);
    }
  }

  function fileItem(file) {
    return el('button', {
      type: 'button', class: 'file-item', testid: 'file-item', 'data-path': file.path,
      'aria-current': file.path === openPath ? 'true' : null, onclick: () => open(file.path),
    },
    el('span', { class: 'mono' }, file.path),
    el('span', { class: 'muted' }, formatSize(file.size)),
    file.rejected ? el('span', { class: 'rejected' }, `Not applied: ${file.rejected}`) : null);
  }

  function clearOutcome() {
    result.textContent = '';
    delete result.dataset.state;
    samples.replaceChildren();
    diffOutput.replaceChildren();
    historyList.replaceChildren();
  }

  async function open(path) {
    if (dirty()) {
      const discard = await confirmAction({ title: 'Discard changes?', text: `Your changes to ${openPath} are not applied. Discard them?`, confirm: 'Discard' });
      if (!discard) {
        return;
      }
    }
    // Only the latest click fills the editor, however the answers arrive.
    const mine = ++opening;
    try {
      const text = await api(fileUrl(path), { signal });
      if (mine !== opening) {
        return;
      }
      openPath = path;
      loaded = text;
      editor.value = text;
      editor.disabled = false;
      editorLabel.textContent = path;
      buttons.forEach((b) => { b.disabled = false; });
      clearOutcome();
      fileList.querySelectorAll('[data-testid="file-item"]').forEach((item) => {
        if (item.dataset.path === path) {
          item.setAttribute('aria-current', 'true');
        } else {
          item.removeAttribute('aria-current');
        }
      });
      history.replaceState(null, '', `#/files?path=${encodeURIComponent(path)}`);
    } catch (error) {
      report(error);
    }
  }

  /** Runs one file action with the buttons disabled, so a second click cannot overtake the first. */
  async function run(action) {
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await action();
    } catch (error) {
      report(error);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function setResult(text, ok) {
    result.textContent = text;
    result.dataset.state = ok ? 'ok' : 'bad';
  }

  async function validate() {
    const answer = await api(fileUrl(openPath, '/validate'), { method: 'POST', text: editor.value, accept: [422], signal });
    setResult(answer.valid === true ? `valid: ${answer.detail}` : `invalid: ${answer.detail}`, answer.valid === true);
    // Channel mappings are tried on the channel's samples: each says whether its canonical result changed.
    samples.replaceChildren(...(answer.samples ?? []).map((sample) => {
      const outcome = sample.problem ? 'problem' : sample.changed ? 'changed' : 'unchanged';
      const pre = sample.diff ? el('pre', { class: 'diff' }) : null;
      if (pre) {
        renderDiff(pre, sample.diff);
      }
      return el('li', { class: 'sample', testid: 'file-sample', 'data-state': outcome },
        el('p', {}, el('span', { class: 'mono' }, sample.sample), ` — ${outcome}`),
        sample.problem ? el('p', { class: 'error-text' }, sample.problem) : null,
        pre,
        sample.canonical ? el('details', {}, el('summary', {}, 'Canonical result'), el('pre', { class: 'raw' }, sample.canonical)) : null);
    }));
  }

  async function diff() {
    const answer = await api(fileUrl(openPath, '/diff'), { method: 'POST', text: editor.value, signal });
    renderDiff(diffOutput, answer.changed ? answer.diff : 'No differences from the running version.');
  }

  /** Shows the outcome of an apply or a rollback; after either, the list and history change. */
  async function applied(answer) {
    if (answer.applied) {
      // A diff or sample trial made before the change no longer describes what runs.
      samples.replaceChildren();
      diffOutput.replaceChildren();
      const restart = answer.restartRequired ? ' (takes effect after a restart)' : '';
      setResult(`applied version ${answer.version}${restart}${answer.detail ? ` — ${answer.detail}` : ''}`, true);
    } else {
      setResult(`not applied: ${answer.detail}`, false);
    }
    await Promise.all([loadFiles(), answer.applied ? loadHistory() : null]);
  }

  async function apply() {
    const confirmed = await confirmAction({ title: 'Apply changes?', text: `The hub starts using your version of ${openPath} at once.`, confirm: 'Apply' });
    if (!confirmed) {
      return;
    }
    const content = editor.value;
    const answer = await api(fileUrl(openPath), { method: 'PUT', text: content, accept: [422], signal });
    if (answer.applied) {
      loaded = content;
    }
    await applied(answer);
  }

  async function loadHistory() {
    const versions = await api(fileUrl(openPath, '/history'), { signal });
    historyList.replaceChildren(...versions.map((version) => el('li', { testid: 'history-row', 'data-version': version },
      `Version ${version}`,
      el('button', { type: 'button', testid: 'history-rollback', 'aria-label': `Roll back to version ${version}`, onclick: () => run(() => rollback(version)) }, 'Roll back'))));
    if (!versions.length) {
      historyList.append(el('li', { class: 'muted' }, 'No earlier versions'));
    }
  }

  async function rollback(version) {
    const confirmed = await confirmAction({
      title: `Roll back to version ${version}?`,
      text: `The hub starts using version ${version} of ${openPath} at once${dirty() ? '; your unapplied edits are lost' : ''}.`,
      confirm: 'Roll back',
    });
    if (!confirmed) {
      return;
    }
    const answer = await api(`${fileUrl(openPath, '/rollback')}?version=${encodeURIComponent(version)}`, { method: 'POST', accept: [422], signal });
    if (answer.applied) {
      // The editor shows what now runs.
      loaded = await api(fileUrl(openPath), { signal });
      editor.value = loaded;
    }
    await applied(answer);
  }

  loadRoutes();
  loadFiles().then(() => {
    if (params.get('path')) {
      open(params.get('path'));
    }
  });
}
