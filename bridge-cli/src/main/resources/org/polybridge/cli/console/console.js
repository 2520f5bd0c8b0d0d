// The polybridge console: plain DOM, no framework, nothing loaded from elsewhere (the server's
// Content-Security-Policy forbids it). Text from scripts is only ever set as text, never as HTML.
'use strict';

const state = {
  scripts: [], functions: [], sessions: { windows: [], active_session: null }, alerts: [],
  selectedScript: null, selectedSession: null, logLines: [], events: null,
};
const MAX_LOG_LINES = 5000;

const $ = id => document.getElementById(id);
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.entries(props || {}).forEach(([k, v]) => {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  });
  children.forEach(c => e.append(c));
  return e;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method, headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin',
  });
  const text = await response.text();
  let value;
  try { value = JSON.parse(text); } catch (e) { value = { error: text }; }
  if (!response.ok) throw new Error(value.error || text);
  return value;
}

// ---- live data -------------------------------------------------------------------------------
function connect() {
  if (state.events) state.events.close();
  const query = new URLSearchParams();
  if (state.selectedScript) query.set('log', state.selectedScript);
  if (state.selectedSession) query.set('session', state.selectedSession);
  const events = new EventSource('/api/events?' + query);
  state.events = events;
  events.onopen = () => setConnection('live', 'live');
  events.onerror = () => setConnection('lost', 'reconnecting…');
  events.addEventListener('scripts', e => { state.scripts = JSON.parse(e.data); renderScripts(); });
  events.addEventListener('functions', e => { state.functions = JSON.parse(e.data); renderFunctions(); });
  events.addEventListener('sessions', e => { state.sessions = JSON.parse(e.data); renderSessions(); });
  events.addEventListener('log', e => appendLog(JSON.parse(e.data)));
  events.addEventListener('screen', e => renderScreen(JSON.parse(e.data)));
  events.addEventListener('alerts', e => { state.alerts = JSON.parse(e.data); renderAlerts(); });
}

function setConnection(cls, text) {
  const c = $('connection');
  c.className = 'connection ' + cls;
  c.textContent = text;
}

// ---- scripts ---------------------------------------------------------------------------------
function uptime(started) {
  if (!started) return '';
  let s = Math.max(0, Math.floor((Date.now() - Date.parse(started)) / 1000));
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h' + String(Math.floor(s % 3600 / 60)).padStart(2, '0') + 'm';
  return Math.floor(s / 86400) + 'd' + String(Math.floor(s % 86400 / 3600)).padStart(2, '0') + 'h';
}

// iTerm2's console says "restarting in N s" of a script that crashed; the daemon says when.
function stateText(state, restartAt) {
  if (state !== 'WAITING_TO_RESTART' || !restartAt) return state;
  return 'restarting in ' + Math.max(0, Math.ceil((Date.parse(restartAt) - Date.now()) / 1000)) + ' s';
}

function renderScripts() {
  const body = $('scripts-table').tBodies[0];
  body.replaceChildren(...state.scripts.map(s => {
    const actions = el('td', { class: 'actions' });
    const running = s.state === 'RUNNING' || s.state === 'LOADING' || s.state === 'WAITING_TO_RESTART';
    for (const action of running ? ['restart', 'stop'] : ['start']) {
      actions.append(el('button', {
        textContent: action[0].toUpperCase() + action.slice(1), 'data-action': action,
        onclick: ev => { ev.stopPropagation(); act(action, s.name); },
      }));
    }
    const row = el('tr', { 'data-name': s.name, class: s.name === state.selectedScript ? 'selected' : '' },
      el('td', { textContent: s.name }), el('td', { textContent: s.language }),
      el('td', {}, el('span', { class: 'state state-' + s.state, 'data-restart-at': s.restart_at || '', textContent: stateText(s.state, s.restart_at) })),
      el('td', { class: 'uptime', 'data-started': s.started_at || '', textContent: uptime(s.started_at) }),
      el('td', { textContent: s.restarts === undefined ? '' : String(s.restarts) }), actions);
    row.onclick = () => selectScript(s.name);
    return row;
  }));
  $('scripts-empty').classList.toggle('hidden', state.scripts.length > 0);
  const selected = state.scripts.find(s => s.name === state.selectedScript);
  $('script-error').classList.toggle('hidden', !(selected && selected.last_error));
  $('script-error-text').textContent = selected && selected.last_error ? selected.last_error : '';
}

async function act(action, name) {
  try {
    await api('POST', '/api/script', { action, name });
  } catch (e) {
    alert(action + ' ' + name + ': ' + e.message);
  }
}

function selectScript(name) {
  state.selectedScript = name;
  state.logLines = [];
  $('script-title').textContent = name;
  renderLog();
  renderScripts();
  connect();
}

function appendLog(chunk) {
  if (chunk.name !== state.selectedScript) return;
  if (chunk.reset) state.logLines = [];
  if (chunk.error) state.logLines = ['(' + chunk.error + ')'];
  const lines = chunk.text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  state.logLines.push(...lines);
  if (state.logLines.length > MAX_LOG_LINES) state.logLines.splice(0, state.logLines.length - MAX_LOG_LINES);
  renderLog();
}

function renderLog() {
  const log = $('log');
  const needle = $('log-search').value;
  const shown = needle ? state.logLines.filter(l => l.toLowerCase().includes(needle.toLowerCase())) : state.logLines;
  log.replaceChildren(...shown.map(line => {
    const span = el('span', { class: / ERROR /.test(line.slice(0, 32)) ? 'ERROR' : '' });
    if (!needle) {
      span.textContent = line + '\n';
      return span;
    }
    const lower = line.toLowerCase(), n = needle.toLowerCase();
    let at = 0, i;
    while ((i = lower.indexOf(n, at)) >= 0) {
      span.append(line.slice(at, i), el('mark', { textContent: line.slice(i, i + n.length) }));
      at = i + n.length;
    }
    span.append(line.slice(at) + '\n');
    return span;
  }));
  $('log-count').textContent = needle ? shown.length + ' of ' + state.logLines.length + ' lines' : state.logLines.length + ' lines';
  if ($('log-follow').checked) log.scrollTop = log.scrollHeight;
}

// ---- functions -------------------------------------------------------------------------------
function renderFunctions() {
  const body = $('functions-table').tBodies[0];
  body.replaceChildren(...state.functions.map(f => {
    const defaults = Object.entries(f.defaults || {}).map(([k, v]) => k + ' = ' + v).join(', ');
    const row = el('tr', { 'data-name': f.name },
      el('td', { textContent: f.signature }), el('td', { textContent: defaults }),
      el('td', { textContent: f.timeout + ' s' }), el('td', { textContent: f.role }), el('td', { textContent: f.owner }));
    row.onclick = () => {
      const input = $('invocation');
      const free = f.arguments.filter(a => !(a in (f.defaults || {})));
      input.value = f.name + '(' + free.map(a => a + ': ').join(', ') + ')';
      input.focus();
      input.setSelectionRange(f.name.length + 1, f.name.length + 1);
    };
    return row;
  }));
}

// What the text before the caret asks to complete: a function name, or an argument name of the call it is in.
function completionsAt(text) {
  const call = /([A-Za-z_][\w.]*)\(([^()]*)$/.exec(text);
  if (call) {
    const partial = /([A-Za-z_]\w*)?$/.exec(call[2])[0];
    const before = call[2].slice(0, call[2].length - partial.length);
    if (!/(^|,)\s*$/.test(before)) return { partial, items: [] };
    const used = new Set([...call[2].matchAll(/([A-Za-z_]\w*)\s*:/g)].map(m => m[1]));
    const args = new Set();
    state.functions.filter(f => f.name === call[1]).forEach(f => f.arguments.forEach(a => args.add(a)));
    return { partial, items: [...args].filter(a => !used.has(a) && a.startsWith(partial)).map(a => ({ label: a + ':', insert: a + ': ' })) };
  }
  const partial = /([A-Za-z_][\w.]*)?$/.exec(text)[0];
  const names = [...new Set(state.functions.map(f => f.name))].filter(n => n.startsWith(partial) && partial.length > 0);
  return { partial, items: names.map(n => ({ label: n + '(…)', insert: n + '(' })) };
}

let completion = { partial: '', items: [], active: 0 };
function updateCompletions() {
  const input = $('invocation');
  completion = { ...completionsAt(input.value.slice(0, input.selectionStart)), active: 0 };
  const list = $('completions');
  list.replaceChildren(...completion.items.map((item, i) => el('li', {
    textContent: item.label, class: i === 0 ? 'active' : '', onmousedown: ev => { ev.preventDefault(); takeCompletion(i); },
  })));
  list.classList.toggle('hidden', completion.items.length === 0);
}

function takeCompletion(i) {
  const input = $('invocation');
  const at = input.selectionStart;
  const start = at - completion.partial.length;
  input.value = input.value.slice(0, start) + completion.items[i].insert + input.value.slice(at);
  const caret = start + completion.items[i].insert.length;
  input.setSelectionRange(caret, caret);
  updateCompletions();
}

async function invoke(ev) {
  ev.preventDefault();
  $('completions').classList.add('hidden');
  const invocation = $('invocation').value.trim();
  if (!invocation) return;
  const result = $('invoke-result');
  $('invoke-run').disabled = true;
  try {
    const r = await api('POST', '/api/invoke', { invocation, session: $('invoke-context').value || null });
    result.className = 'result ' + (r.ok ? 'ok' : 'failed');
    $('invoke-status').textContent = (r.ok ? 'Value' : r.status) + ' · ' + r.elapsed_ms + ' ms';
    $('invoke-value').textContent = r.ok ? JSON.stringify(r.value, null, 2) : r.reason;
    $('invoke-traceback').textContent = r.traceback || '';
    $('invoke-traceback').classList.toggle('hidden', !r.traceback);
  } catch (e) {
    result.className = 'result failed';
    $('invoke-status').textContent = 'Refused';
    $('invoke-value').textContent = e.message;
    $('invoke-traceback').classList.add('hidden');
  } finally {
    $('invoke-run').disabled = false;
  }
}

// ---- sessions --------------------------------------------------------------------------------
function allSessions() {
  return state.sessions.windows.flatMap(w => w.tabs.flatMap(t => t.sessions));
}

function renderSessions() {
  const tree = $('session-tree');
  tree.replaceChildren(...state.sessions.windows.map((w, wi) => el('li', {},
    el('div', { class: 'node', textContent: 'Window ' + (wi + 1) + ' · ' + w.id }),
    el('ul', {}, ...w.tabs.map((t, ti) => el('li', {},
      el('div', { class: 'node', textContent: 'Tab ' + (ti + 1) + ' · ' + t.id }),
      el('ul', {}, ...t.sessions.map(s => {
        const title = s.variables.name || s.variables.autoName || '';
        const node = el('li', {
          class: 'node session' + (s.id === state.selectedSession ? ' selected' : ''), 'data-id': s.id,
          textContent: s.id + (title ? ' — ' + title : '') + (s.id === state.sessions.active_session ? ' (active)' : ''),
        });
        node.onclick = () => selectSession(s.id);
        return node;
      }))))))));
  $('sessions-empty').classList.toggle('hidden', allSessions().length > 0);
  const context = $('invoke-context');
  const chosen = context.value;
  context.replaceChildren(el('option', { value: '', textContent: 'the app' }),
    ...allSessions().map(s => el('option', { value: s.id, textContent: 'session ' + s.id })));
  context.value = allSessions().some(s => s.id === chosen) ? chosen : '';
  renderVariables();
}

function renderVariables() {
  const session = allSessions().find(s => s.id === state.selectedSession);
  const body = $('variables-table').tBodies[0];
  body.replaceChildren(...Object.entries(session ? session.variables : {}).map(([k, v]) =>
    el('tr', { 'data-name': k }, el('td', { textContent: k }),
      el('td', { class: 'value', textContent: typeof v === 'string' ? v : JSON.stringify(v) }))));
}

function selectSession(id) {
  state.selectedSession = id;
  $('session-title').textContent = 'Session ' + id;
  $('screen').textContent = '';
  renderSessions();
  connect();
}

function renderScreen(screen) {
  if (screen.session !== state.selectedSession) return;
  const pre = $('screen');
  pre.textContent = screen.error ? '(' + screen.error + ')' : screen.lines.join('\n');
  pre.scrollTop = pre.scrollHeight;
}

async function sendText(ev) {
  ev.preventDefault();
  if (!state.selectedSession) return;
  const text = $('send-text').value + ($('send-newline').checked ? '\r' : '');
  try {
    await api('POST', '/api/send-text', { session: state.selectedSession, text });
    $('send-text').value = '';
  } catch (e) {
    alert('send text: ' + e.message);
  }
}

// ---- alerts ----------------------------------------------------------------------------------
// Each waiting alert is a card; a card stays as it is while its alert waits (what the person typed
// or ticked survives updates) and goes when the alert is answered here, elsewhere, or withdrawn.
function renderAlerts() {
  const box = $('alerts');
  const waiting = new Set(state.alerts.map(a => a.id));
  [...box.children].forEach(card => { if (!waiting.has(card.dataset.id)) card.remove(); });
  const shown = new Set([...box.children].map(card => card.dataset.id));
  state.alerts.filter(a => !shown.has(a.id)).forEach(a => box.append(alertCard(a)));
  box.classList.toggle('hidden', state.alerts.length === 0);
  const count = $('alerts-count');
  count.textContent = state.alerts.length === 1 ? '1 alert waits' : state.alerts.length + ' alerts wait';
  count.classList.toggle('hidden', state.alerts.length === 0);
}

function alertCard(a) {
  const card = el('form', { class: 'alert-card', 'data-id': a.id, autocomplete: 'off' },
    el('div', { class: 'alert-head' }, el('strong', { class: 'alert-title', textContent: a.title }),
      el('span', { class: 'hint', textContent: (a.asked_by ? 'asked by ' + a.asked_by + ' · ' : '') + 'alert ' + a.id })));
  if (a.subtitle) card.append(el('p', { class: 'alert-subtitle', textContent: a.subtitle }));
  const hasField = a.kind === 'TEXT_INPUT' || (a.kind === 'POLY_MODAL' && a.placeholder !== null && a.placeholder !== undefined);
  const field = hasField ? el('input', { type: 'text', class: 'alert-text', placeholder: a.placeholder || '', value: a.default_value || '' }) : null;
  if (field) card.append(field);
  const boxes = (a.checkboxes || []).map((label, i) => {
    const input = el('input', { type: 'checkbox', checked: !!(a.checkbox_defaults || [])[i], 'data-label': label });
    card.append(el('label', { class: 'alert-check' }, input, ' ' + label));
    return input;
  });
  let combo = null;
  if ((a.combobox_items || []).length > 0) {
    combo = el('select', { class: 'alert-combo' }, ...a.combobox_items.map(item => el('option', { value: item, textContent: item })));
    combo.value = a.combobox_default && a.combobox_items.includes(a.combobox_default) ? a.combobox_default : a.combobox_items[0];
    card.append(combo);
  }
  const buttons = el('div', { class: 'alert-buttons' });
  const error = el('div', { class: 'alert-error hidden' });
  a.buttons.forEach((label, i) => buttons.append(el('button', {
    type: i === 0 ? 'submit' : 'button', textContent: label, 'data-button': label,
    onclick: ev => { ev.preventDefault(); answerAlert(a, label, field, boxes, combo, card, error); },
  })));
  card.append(buttons, error);
  card.addEventListener('submit', ev => { ev.preventDefault(); answerAlert(a, a.buttons[0], field, boxes, combo, card, error); });
  return card;
}

async function answerAlert(a, button, field, boxes, combo, card, error) {
  const answer = {
    id: a.id, button, text: field ? field.value : null,
    checked: boxes.filter(b => b.checked).map(b => b.dataset.label), combo: combo ? combo.value : null,
  };
  card.querySelectorAll('button').forEach(b => { b.disabled = true; });
  try {
    await api('POST', '/api/alert', answer);
    card.classList.add('answered'); // the next alerts event removes it
  } catch (e) {
    error.textContent = e.message; // e.g. answered meanwhile with `polybridge alerts answer`
    error.classList.remove('hidden');
    card.querySelectorAll('button').forEach(b => { b.disabled = false; });
  }
}

// ---- wiring ----------------------------------------------------------------------------------
function showTab(name) {
  document.querySelectorAll('.tab').forEach(b => b.classList.toggle('selected', b.dataset.tab === name));
  document.querySelectorAll('.panel').forEach(p => p.classList.toggle('hidden', p.id !== name));
  location.hash = name;
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('.tab').forEach(b => b.addEventListener('click', () => showTab(b.dataset.tab)));
  if (['#functions', '#sessions'].includes(location.hash)) showTab(location.hash.slice(1));
  $('log-search').addEventListener('input', renderLog);
  $('log-follow').addEventListener('change', renderLog);
  // Scrolling up to read stops following; ticking Follow again jumps to the end.
  $('log').addEventListener('wheel', ev => { if (ev.deltaY < 0) $('log-follow').checked = false; });
  const input = $('invocation');
  input.addEventListener('input', updateCompletions);
  input.addEventListener('click', updateCompletions);
  input.addEventListener('blur', () => $('completions').classList.add('hidden'));
  input.addEventListener('keydown', ev => {
    if ($('completions').classList.contains('hidden') || completion.items.length === 0) return;
    if (ev.key === 'Tab') { ev.preventDefault(); takeCompletion(completion.active); }
    else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      completion.active = (completion.active + (ev.key === 'ArrowDown' ? 1 : completion.items.length - 1)) % completion.items.length;
      [...$('completions').children].forEach((li, i) => li.classList.toggle('active', i === completion.active));
    } else if (ev.key === 'Escape') $('completions').classList.add('hidden');
  });
  $('invoke-form').addEventListener('submit', invoke);
  $('send-form').addEventListener('submit', sendText);
  setInterval(() => {
    document.querySelectorAll('td.uptime').forEach(td => { td.textContent = uptime(td.dataset.started); });
    document.querySelectorAll('span[data-restart-at]:not([data-restart-at=""])').forEach(span => {
      span.textContent = stateText('WAITING_TO_RESTART', span.dataset.restartAt);
    });
  }, 1000);
  connect();
});
