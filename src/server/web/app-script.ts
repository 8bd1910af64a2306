import { CLIENT_RENDER } from './client-render.js';

/**
 * Browser code (plain JavaScript inside `/app.js`): the API token (session storage only, sent
 * only as `Authorization: Bearer`), loading status/plan/runs from `/v1`, and approval by the
 * checksum of the plan on screen (`POST /v1/apply`; a 409 shows the fresh plan).
 */
const CLIENT_MAIN = String.raw`
  const TOKEN_KEY = 'nbsync.apiToken';
  const state = { plan: null, applying: false, loads: 0 };

  class ApiError extends Error {
    constructor(status, body) {
      const error = body && body.error ? body.error : { code: 'HTTP_' + status, message: 'the server answered ' + status };
      super(error.message);
      this.status = status;
      this.code = error.code;
      this.body = body;
    }
  }

  function token() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  async function api(method, path, body) {
    const headers = { accept: 'application/json', authorization: 'Bearer ' + token() };
    const init = { method: method, headers: headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  function say(text) { byId('message').textContent = text; }
  function alarm(text) { byId('alert').textContent = text; }

  function showLogin(reason) {
    byId('app').hidden = true;
    byId('refresh').hidden = true;
    byId('forget').hidden = true;
    byId('login').hidden = false;
    byId('login-error').textContent = reason || '';
    say('');
    byId('token').focus();
  }

  function showApp() {
    byId('login').hidden = true;
    byId('app').hidden = false;
    byId('refresh').hidden = false;
    byId('forget').hidden = false;
  }

  function forget(reason) {
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage unavailable */ }
    state.plan = null;
    byId('instance').textContent = '';
    for (const id of ['status', 'plan', 'runs', 'result']) byId(id).replaceChildren();
    showLogin(reason);
  }

  /** Handles a failed request; true when it was an authentication failure. */
  function failed(error, what) {
    if (error instanceof ApiError && error.status === 401) {
      forget('The API token was refused (' + error.message + '). Enter a valid token.');
      return true;
    }
    const detail = error instanceof ApiError ? error.code + ': ' + error.message : String(error && error.message || error);
    alarm('\u2717 Could not ' + what + '. ' + detail);
    return false;
  }

  function applicable(plan) {
    return plan.sinks.filter((s) => s.mode !== 'observe' && s.status !== 'error')
      .reduce((n, s) => n + s.changes.length, 0);
  }

  function needsForce(plan) {
    return plan.sinks.some((s) => s.mode !== 'observe' &&
      (s.status === 'refused' || s.changes.some((c) => c.forced)));
  }

  function setPlan(plan) {
    state.plan = plan;
    renderPlan(plan);
    const count = applicable(plan);
    const forceNeeded = needsForce(plan);
    byId('approve-form').hidden = count === 0;
    byId('force-row').hidden = !forceNeeded;
    if (!forceNeeded) byId('force').checked = false;
    byId('approve').textContent = 'Approve ' + count + ' change' + (count === 1 ? '' : 's');
    byId('approve-note').textContent = 'applies checksum ' + plan.checksum.slice(0, 19) + '\u2026 (sinks in mode propose and apply)';
  }

  async function loadStatusAndRuns() {
    const [status, runs] = await Promise.all([api('GET', '/v1/status'), api('GET', '/v1/runs?limit=15')]);
    renderStatus(status);
    renderRuns(runs.runs);
  }

  async function refresh(withPlan) {
    if (!token()) { showLogin(''); return; }
    showApp();
    alarm('');
    const load = ++state.loads;
    say(withPlan ? 'Loading; the plan reads NetBox and every sink, this can take a moment\u2026' : 'Loading\u2026');
    byId('app').setAttribute('aria-busy', 'true');
    if (withPlan && !state.plan) byId('plan').replaceChildren(el('p', { className: 'muted', text: 'Computing the plan\u2026' }));
    try {
      const plan = withPlan ? api('GET', '/v1/plan?format=json') : Promise.resolve(null);
      plan.catch(() => undefined); // reported by the await below, not as an unhandled rejection
      await loadStatusAndRuns();
      const fresh = await plan;
      if (fresh) setPlan(fresh);
      if (load === state.loads) say('Updated ' + new Date().toLocaleTimeString() + '.');
    } catch (error) {
      if (!failed(error, 'load the page data')) say('');
    } finally {
      byId('app').removeAttribute('aria-busy');
    }
  }

  function confirmForce(plan) {
    const refused = plan.sinks.filter((s) => s.status === 'refused').map((s) => s.sink);
    const forced = plan.sinks.reduce((n, s) => n + s.changes.filter((c) => c.forced).length, 0);
    return window.confirm('Force the plan ' + plan.checksum.slice(0, 19) + '\u2026?\n' +
      (refused.length > 0 ? 'Refused sinks that will apply anyway: ' + refused.join(', ') + '.\n' : '') +
      (forced > 0 ? forced + ' forced change(s) (e.g. destroying a VM or revoking a certificate) will apply.\n' : '') +
      'This cannot be undone by nbsync.');
  }

  async function approve(event) {
    event.preventDefault();
    const plan = state.plan;
    if (!plan || state.applying) return;
    const force = !byId('force-row').hidden && byId('force').checked;
    if (force && !confirmForce(plan)) return;
    const result = byId('result');
    state.applying = true;
    byId('approve').disabled = true;
    alarm('');
    result.replaceChildren(el('p', { className: 'notice', text: 'Applying plan ' + plan.checksum.slice(0, 19) + '\u2026' }));
    try {
      const body = await api('POST', '/v1/apply', { checksum: plan.checksum, force: force });
      result.replaceChildren(...renderApplyResult(body));
      result.focus();
      await refresh(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.body && error.body.plan) {
        setPlan(error.body.plan);
        result.replaceChildren(el('p', { className: 'notice warn', id: 'apply-stale' }, [
          el('span', { 'aria-hidden': 'true', text: '\u27f3 ' }),
          'Nothing was applied: the plan changed since it was shown (' + error.code + '). ',
          'The fresh plan is shown above; review it and approve again.'
        ]));
        result.focus();
        await refresh(false);
      } else if (!failed(error, 'apply the plan')) {
        result.replaceChildren();
      }
    } finally {
      state.applying = false;
      byId('approve').disabled = false;
    }
  }

  function start() {
    byId('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = byId('token');
      const value = input.value.trim();
      input.value = '';
      if (!value) { byId('login-error').textContent = 'Enter a token first.'; input.focus(); return; }
      try { sessionStorage.setItem(TOKEN_KEY, value); } catch (e) {
        byId('login-error').textContent = 'This browser blocks session storage; the page cannot keep the token.';
        return;
      }
      void refresh(true);
      byId('plan-heading').focus();
    });
    byId('approve-form').addEventListener('submit', (event) => { void approve(event); });
    byId('refresh').addEventListener('click', () => { void refresh(true); });
    byId('forget').addEventListener('click', () => forget('Token forgotten.'));
    if (token()) void refresh(true);
    else showLogin('');
  }
`;

/** The whole of `/app.js`: strict mode, one closure, nothing global. */
export const WEB_APP_JS = `(() => {
  'use strict';
${CLIENT_RENDER}
${CLIENT_MAIN}
  start();
})();
`;
