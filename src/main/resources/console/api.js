// The hub's HTTP API as the console uses it: one place adds the CSRF header, reads error bodies and reports 401.

export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail || code || `the hub answered HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code ?? null;
  }
}

/** Parses a body by its type: JSON, nothing (204) or text. */
async function readBody(response) {
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

/**
 * Sends one request and answers the Response when it succeeded or its status is in `accept` (a 422 that carries an
 * outcome, for instance); otherwise throws an ApiError with the server's {"error","detail"}.
 */
export async function request(url, { method = 'GET', json, text, signal, accept = [] } = {}) {
  // The server refuses cookie-authenticated requests without this header: it is the console's CSRF guard.
  const headers = { 'X-Hub-Console': '1' };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (text !== undefined) {
    headers['Content-Type'] = 'text/plain; charset=UTF-8';
    body = text;
  }
  const response = await fetch(url, { method, credentials: 'same-origin', headers, body, signal });
  if (response.ok || accept.includes(response.status)) {
    return response;
  }
  if (response.status === 401) {
    // The shell listens for this and shows the login screen, whatever view made the call.
    window.dispatchEvent(new Event('hub:unauthorized'));
  }
  const problem = (response.headers.get('Content-Type') ?? '').includes('json')
    ? await response.json().catch(() => null)
    : null;
  throw new ApiError(response.status, problem?.error, problem?.detail);
}

/** Sends one request and answers its parsed body. */
export async function api(url, options) {
  return readBody(await request(url, options));
}
