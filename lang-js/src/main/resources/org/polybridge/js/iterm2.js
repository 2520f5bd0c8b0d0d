// The iterm2 module of polybridge's JavaScript scripts: iTerm2's Python scripting API in JS idiom
// (camelCase, Promises, no "async" prefixes). Evaluated once in every script's context, before the
// script, as a function of the host object (JsHost): the only Java the script can reach. Each host
// method answers through two callbacks, ok(json) and fail(message), in a later turn of the loop.
(function (host) {
  'use strict';

  // ---- plumbing ----

  /** Calls a host method and returns a Promise of its answer. */
  function hostCall(method, ...args) {
    return new Promise((resolve, reject) => {
      host[method](...args,
        (answer) => resolve(typeof answer === 'string' ? JSON.parse(answer) : answer ?? undefined),
        (message) => reject(new Error(message)));
    });
  }

  /** A failure as the bridge reports it: a reason and the JS stack (its frames only). */
  function describe(e) {
    if (e instanceof Error) {
      const reason = `${e.name}: ${e.message}`;
      let traceback = typeof e.stack === 'string' ? e.stack : null;
      if (traceback !== null && traceback.startsWith(reason)) {
        traceback = traceback.slice(reason.length).replace(/^\n/, '');
      }
      return { reason, traceback: traceback || null };
    }
    return { reason: String(e), traceback: null };
  }

  function report(what, e) {
    const d = describe(e);
    host.logError(`${what} failed: ${d.reason}`, d.traceback);
  }

  /** A listener for the host: runs fn later in this turn, and logs what it throws or rejects. */
  function guarded(what, fn) {
    return (...args) => {
      Promise.resolve().then(() => fn(...args)).catch((e) => report(what, e));
    };
  }

  function json(value) {
    return JSON.stringify(value === undefined ? null : value);
  }

  /** Sends one message of iTerm2's protocol (by the schema's field names); resolves to the answer. */
  function request(body) {
    return hostCall('request', JSON.stringify(body));
  }

  /** Subscribes as the NotificationRequest says; callback(notification) for each; resolves to {cancel()}. */
  async function subscribeTo(notificationRequest, what, callback) {
    const id = await hostCall('subscribe', JSON.stringify(notificationRequest), guarded(what, (text) => callback(JSON.parse(text))));
    return { cancel: () => hostCall('cancel', id) };
  }

  /** The status of an answer's part, OK when unset (proto2 leaves defaults out). */
  function statusOf(answer, part) {
    return (answer[part] && answer[part].status) || 'OK';
  }

  function check(answer, part, what) {
    const status = statusOf(answer, part);
    if (status !== 'OK') {
      throw new Error(`${what}: ${status}`);
    }
    return answer[part];
  }

  // ---- globals GraalJS lacks: timers, queueMicrotask, require ----

  function timerCallback(name, fn, args) {
    if (typeof fn !== 'function') {
      throw new TypeError(`${name}: the callback must be a function, not ${typeof fn}`);
    }
    return args.length ? () => fn(...args) : () => fn();
  }

  // GraalJS's CommonJS loader, present when the script's folder is an npm package (package.json or
  // node_modules): require('x') then loads node_modules/x as Node.js would.
  const packageRequire = typeof globalThis.require === 'function' ? globalThis.require : null;

  const globals = {
    setTimeout: (fn, ms, ...args) => host.setTimer(timerCallback('setTimeout', fn, args), Number(ms) || 0, false),
    setInterval: (fn, ms, ...args) => host.setTimer(timerCallback('setInterval', fn, args), Number(ms) || 0, true),
    clearTimeout: (id) => { if (typeof id === 'number') host.clearTimer(id); },
    clearInterval: (id) => { if (typeof id === 'number') host.clearTimer(id); },
    queueMicrotask: (fn) => { Promise.resolve().then(fn).catch((e) => report('a microtask', e)); },
    require: (specifier) => {
      if (specifier === 'iterm2') {
        return iterm2;
      }
      if (packageRequire !== null) {
        return packageRequire(specifier);
      }
      throw new Error(`require('${specifier}'): only 'iterm2' can be required here; `
        + 'split a script into files with ES modules (.mjs files and import), '
        + 'or make it a folder with a package.json to require its npm packages');
    },
  };

  if (typeof Graal !== 'undefined' && typeof Graal.setUnhandledPromiseRejectionHandler === 'function') {
    Graal.setUnhandledPromiseRejectionHandler((reason) => report('a promise nobody awaited', reason));
  }

  // ---- the connection and the script's lifetime ----

  /** The script's connection to the host; there is one, given to the main function. */
  class Connection {
    toString() {
      return '[iterm2.Connection]';
    }

    /** Lets the loop serve calls and notifications for `seconds` (Python's async_dispatch_for_duration). */
    dispatchForDuration(seconds) {
      return new Promise((resolve) => globals.setTimeout(resolve, Math.max(0, Number(seconds) || 0) * 1000));
    }
  }
  const connection = new Connection();
  let mainGiven = false;

  function runWith(mode, main) {
    if (typeof main !== 'function') {
      throw new TypeError(`iterm2.${mode}(main): main must be a function of the connection`);
    }
    if (mainGiven) {
      throw new Error(`iterm2.${mode}: a script has one main function; runForever or runUntilComplete was called before`);
    }
    mainGiven = true;
    host[mode]();
    Promise.resolve()
      .then(() => main(connection))
      .then(() => host.mainReturned(), (e) => {
        const d = describe(e);
        host.mainFailed(d.reason, d.traceback);
      });
  }

  /** Runs main(connection) and keeps the script running after it returns, until it is stopped. */
  const runForever = (main) => runWith('runForever', main);

  /** Runs main(connection); the script ends when main's promise settles. */
  const runUntilComplete = (main) => runWith('runUntilComplete', main);

  // ---- the app model ----

  let appPromise = null;

  /**
   * The app: windows, tabs and sessions. The same object every time, refreshed by each call and
   * whenever a session starts or ends.
   */
  async function getApp(_connection) {
    if (appPromise === null) {
      appPromise = (async () => {
        // Following first, then read: a session that opens in between is in the answer or in a
        // notification after it. Read first, the app would never hear of one opened before it followed.
        const app = new App({ windows: [] });
        const refresh = () => app.refresh().catch((e) => report('refreshing the app', e));
        await hostCall('onNewSession', refresh, false);
        await hostCall('onSessionTerminated', refresh, false);
        // Layout and focus notifications carry what changed: the model follows each one as it
        // arrives, before any later call of the script runs.
        await hostCall('subscribe', JSON.stringify({ session: 'all', notification_type: 'NOTIFY_ON_LAYOUT_CHANGE' }),
          (text) => app._layout(JSON.parse(text).layout_changed_notification.list_sessions_response ?? {}));
        await hostCall('subscribe', JSON.stringify({ session: 'all', notification_type: 'NOTIFY_ON_FOCUS_CHANGE' }), (text) => {
          const f = JSON.parse(text).focus_changed_notification;
          if (f.session !== undefined) app._active = f.session;
        });
        return app.refresh();
      })();
      return appPromise;
    }
    const app = await appPromise;
    return app.refresh();
  }

  function invoker(kind, id) {
    return (invocation, { timeout } = {}) => hostCall('invoke', String(invocation), kind, id, Number(timeout) || 0);
  }

  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  /** Text as base64 of its UTF-8 (how iTerm2's library sends an apply_layout spec; GraalJS has no btoa). */
  function base64(text) {
    const bytes = [];
    for (const ch of text) {
      const c = ch.codePointAt(0);
      if (c < 0x80) bytes.push(c);
      else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63]
        + (i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? BASE64[n & 63] : '=');
    }
    return out;
  }

  function variables(target, scope, id) {
    target.getVariable = (name) => hostCall('getVariable', scope, id, String(name));
    target.setVariable = (name, value) => hostCall('setVariable', scope, id, String(name), json(value));
    target.invokeFunction = invoker(scope, id);
  }

  class App {
    constructor(snapshot) {
      // how many layout notifications the app has taken: an answer asked for before the last of
      // them is older than it (refresh)
      this._layouts = 0;
      this._update(snapshot);
      variables(this, 'app', null);
    }

    _update(snapshot) {
      this._active = snapshot.active_session ?? null;
      this._windows = snapshot.windows.map((w) => new Window(this, w));
    }

    /** Applies a ListSessionsResponse (as a layout notification carries it). */
    _layout(response) {
      this._layouts++;
      // a tab's tree as the snapshot holds it: session ids and {vertical, children}
      const treeOf = (node, sessions) => ({
        vertical: Boolean(node?.vertical),
        children: (node?.links ?? []).map((link) => {
          if (!link.session) return treeOf(link.node, sessions);
          sessions.push({ id: link.session.unique_identifier, title: link.session.title ?? '',
            columns: link.session.grid_size?.width ?? 0, rows: link.session.grid_size?.height ?? 0 });
          return link.session.unique_identifier;
        }),
      });
      this._windows = (response.windows ?? []).map((w) => new Window(this, {
        id: w.window_id, number: w.number ?? 0,
        tabs: (w.tabs ?? []).map((t) => {
          const sessions = [];
          const root = treeOf(t.root, sessions);
          return { id: t.tab_id, sessions, root };
        }),
      }));
    }

    /**
     * Reshapes tabs in one step, as iTerm2's App.async_apply_layout: spec is
     * {tabs: [{tab_id, root}], close_sessions, close_tabs, close_windows}, a root being
     * {session_id} or {vertical, children: [node, node, ...]}. Sessions named in another tab's
     * root move there; a tab left empty closes. A bad spec is refused whole, with its reason.
     */
    async applyLayout(spec) {
      const encoded = base64(JSON.stringify(spec));
      await this.invokeFunction(`iterm2.apply_layout(spec_json_b64: ${JSON.stringify(encoded)})`);
      return this.refresh();
    }

    /** Moves session beside destination, as a split of it (left of / above it when before). */
    async moveSession(session, destination, { vertical = false, before = false } = {}) {
      await this.invokeFunction(`iterm2.move_session(session: ${JSON.stringify(session.sessionId)}, `
        + `destination: ${JSON.stringify(destination.sessionId)}, vertical: ${Boolean(vertical)}, before: ${Boolean(before)})`);
      return this.refresh();
    }

    /** Reads the windows, tabs and sessions again. */
    async refresh() {
      const layouts = this._layouts;
      const snapshot = await hostCall('app');
      // A layout notification taken while the answer was on its way is as new as the answer or
      // newer (the host sends them in order, each before anything that follows the change): the
      // answer would take out a session that notification brought, so it is left unused.
      if (this._layouts === layouts) {
        this._update(snapshot);
      }
      return this;
    }

    get windows() {
      return this._windows;
    }

    /** The window of the active session, or null. */
    get currentWindow() {
      return this._windows.find((w) => w.tabs.some((t) => t._has(this._active))) ?? null;
    }

    get currentTerminalWindow() {
      return this.currentWindow;
    }

    getWindowById(id) {
      return this._windows.find((w) => w.windowId === id) ?? null;
    }

    getTabById(id) {
      return this._windows.flatMap((w) => w.tabs).find((t) => t.tabId === id) ?? null;
    }

    getSessionById(id) {
      return this._windows.flatMap((w) => w.tabs).flatMap((t) => t.sessions).find((s) => s.sessionId === id) ?? null;
    }

    /** The window holding the tab with this id, or null. */
    getWindowForTab(tabId) {
      return this.getTabById(String(tabId))?.window ?? null;
    }

    /** {window, tab} of a session (or its id); nulls when it is not the app's. */
    getTabAndWindowForSession(session) {
      const found = this.getSessionById(typeof session === 'string' ? session : session.sessionId);
      return { window: found?.tab.window ?? null, tab: found?.tab ?? null };
    }

    /** Asks the host to bring the app forward (a headless host has nothing to raise). */
    async activate({ raiseAllWindows = true, ignoringOtherApps = false } = {}) {
      await request({ activate_request: { activate_app: { raise_all_windows: raiseAllWindows, ignoring_other_apps: ignoringOtherApps } } });
    }
  }

  async function activate(identifier, selectTab, selectSession, app) {
    const answer = await request({ activate_request: { ...identifier, select_tab: selectTab, select_session: selectSession, order_window_front: true } });
    check(answer, 'activate_response', `activate ${JSON.stringify(identifier)}`);
    await app.refresh();
  }

  async function close(kind, field, ids, force) {
    const answer = await request({ close_request: { [kind]: { [field]: ids }, force: Boolean(force) } });
    const statuses = answer.close_response.statuses ?? [];
    if (statuses.some((s) => s !== 'OK')) {
      throw new Error(`close ${kind} ${ids.join(', ')}: ${statuses.join(', ')}`);
    }
  }

  async function invokeMethod(receiver, invocation) {
    const answer = (await request({ invoke_function_request: { method: { receiver }, invocation, timeout: -1 } })).invoke_function_response;
    if (answer.error) {
      throw new Error(answer.error.error_reason ?? answer.error.status);
    }
    return JSON.parse(answer.success.json_result);
  }

  /** Profile properties as the protocol carries them: key and JSON text (Colors become their dicts). */
  function assignments(properties) {
    return Object.entries(properties ?? {}).map(([key, value]) => ({ key, json_value: json(value) }));
  }

  function propertiesOf(list) {
    const out = {};
    for (const p of list ?? []) {
      if (p.json_value !== undefined) out[p.key] = JSON.parse(p.json_value);
    }
    return out;
  }

  class Window {
    constructor(app, snapshot) {
      this.app = app;
      this.windowId = snapshot.id;
      this.number = snapshot.number;
      this.tabs = snapshot.tabs.map((t) => new Tab(this, t));
      variables(this, 'window', this.windowId);
    }

    /** Opens a new window (running command instead of the profile's program when given); resolves to it. */
    static async create(_connection, { profile, command, profileCustomizations } = {}) {
      const created = await createTab(null, profile, command, profileCustomizations);
      const app = await getApp();
      return app.getWindowById(created.window_id);
    }

    async activate() {
      await activate({ window_id: this.windowId }, true, true, this.app);
    }

    async close({ force = false } = {}) {
      await close('windows', 'window_ids', [this.windowId], force);
    }

    /** Gives the window these tabs in this order; tabs of other windows move here, tabs left out move to new windows. */
    async setTabs(tabs) {
      const answer = await request({ reorder_tabs_request: { assignments: [{ window_id: this.windowId, tab_ids: tabs.map((t) => t.tabId) }] } });
      check(answer, 'reorder_tabs_response', 'setTabs');
      await this.app.refresh();
    }

    async setTitle(title) {
      await invokeMethod(this.windowId, `iterm2.set_title(title: ${JSON.stringify(String(title))})`);
    }

    /** The tab of the active session, else the first tab. */
    get currentTab() {
      return this.tabs.find((t) => t._has(this.app._active)) ?? this.tabs[0] ?? null;
    }

    /** Opens a new tab in this window; resolves to it. */
    async createTab({ profile, command, profileCustomizations } = {}) {
      const created = await createTab(this.windowId, profile, command, profileCustomizations);
      await this.app.refresh();
      return this.app.getTabById(String(created.tab_id));
    }

    /** Opens a new tmux window of tmuxConnection as a tab of this window; resolves to the tab. */
    async createTmuxTab(tmuxConnection) {
      return tmuxConnection._createWindow(String(-(this.number + 1)));
    }
  }

  // ---- tmux integration: tmux clients in control mode (tmux -CC) running in sessions ----

  async function tmuxRequest(body, what) {
    return check(await request({ tmux_request: body }), 'tmux_response', what);
  }

  /** A tmux client in control mode: its windows are tabs, its panes sessions. */
  class TmuxConnection {
    constructor(app, connectionId, owningSessionId) {
      this.app = app;
      this.connectionId = connectionId;
      this._owningSessionId = owningSessionId;
    }

    /** The session where tmux -CC runs, or null. */
    get owningSession() {
      return this.app.getSessionById(this._owningSessionId);
    }

    /** Sends one command to tmux; resolves to its output, rejects when tmux reports an error. */
    async sendCommand(command) {
      const answer = await tmuxRequest({ send_command: { connection_id: this.connectionId, command: String(command) } },
        `tmux command ${JSON.stringify(String(command))}`);
      if (answer.send_command?.output === undefined) {
        throw new Error(`tmux reported an error for ${JSON.stringify(String(command))}`);
      }
      return answer.send_command.output;
    }

    /** Opens a new tmux window; resolves to the Window that shows it. */
    async createWindow() {
      const tab = await this._createWindow(null);
      return tab?.window ?? null;
    }

    /** Hides (visible false) or shows again the tmux window numbered tmuxWindowId. */
    async setTmuxWindowVisible(tmuxWindowId, visible) {
      await tmuxRequest({ set_window_visible: { connection_id: this.connectionId, window_id: String(tmuxWindowId), visible: Boolean(visible) } },
        `show or hide tmux window ${tmuxWindowId}`);
      await this.app.refresh();
    }

    async _createWindow(affinity) {
      const body = { connection_id: this.connectionId };
      if (affinity !== null) body.affinity = affinity;
      const answer = await tmuxRequest({ create_window: body }, 'create a tmux window');
      await this.app.refresh();
      return this.app.getTabById(String(answer.create_window.tab_id));
    }
  }

  /** The tmux connections, oldest first. */
  async function getTmuxConnections(_connection) {
    const app = await getApp();
    const answer = await tmuxRequest({ list_connections: {} }, 'list tmux connections');
    return (answer.list_connections?.connections ?? []).map((c) => new TmuxConnection(app, c.connection_id, c.owning_session_id));
  }

  async function createTab(windowId, profile, command, customizations) {
    const properties = { ...(customizations ?? {}) };
    if (command !== undefined && command !== null) {
      properties['Custom Command'] = 'Yes';
      properties.Command = String(command);
    }
    const body = { custom_profile_properties: assignments(properties) };
    if (windowId !== null) body.window_id = windowId;
    if (profile !== undefined && profile !== null) body.profile_name = String(profile);
    return check(await request({ create_tab_request: body }), 'create_tab_response', 'create a tab');
  }

  /** A node of a tab's split tree: children (Sessions and Splitters) side by side when vertical, else one above the other. */
  class Splitter {
    constructor(vertical, children) {
      this.vertical = vertical;
      this.children = children;
    }

    /** Every session under this splitter, in order. */
    get sessions() {
      return this.children.flatMap((c) => (c instanceof Splitter ? c.sessions : [c]));
    }

    /** The SplitTreeNode, each session at its preferredSize. */
    _node() {
      return {
        vertical: this.vertical,
        links: this.children.map((c) => (c instanceof Splitter ? { node: c._node() }
          : { session: { unique_identifier: c.sessionId, grid_size: c.preferredSize } })),
      };
    }
  }

  class Tab {
    constructor(window, snapshot) {
      this.window = window;
      this.tabId = snapshot.id;
      this.sessions = snapshot.sessions.map((s) => new Session(this, s));
      const byId = new Map(this.sessions.map((s) => [s.sessionId, s]));
      const build = (node) => new Splitter(Boolean(node.vertical),
        node.children.map((c) => (typeof c === 'string' ? byId.get(c) : build(c))).filter((c) => c !== undefined));
      /** The tab's split tree. */
      this.root = snapshot.root ? build(snapshot.root) : new Splitter(true, [...this.sessions]);
      variables(this, 'tab', this.tabId);
    }

    /**
     * Gives the panes the sizes set as their sessions' preferredSize ({width, height}); the tree
     * keeps its shape and the sizes fill the tab as before, else this fails with the host's status.
     */
    async updateLayout() {
      const answer = await request({ set_tab_layout_request: { tab_id: this.tabId, root: this.root._node() } });
      check(answer, 'set_tab_layout_response', `updateLayout of tab ${this.tabId}`);
      await this.window.app.refresh();
    }

    /** Moves this tab to a new window of its own (its window must have other tabs); resolves to that window. */
    async moveToWindow() {
      const windowId = await this.invokeFunction('iterm2.move_tab_to_window()');
      const app = await this.window.app.refresh();
      return app.getWindowById(windowId);
    }

    _has(sessionId) {
      return sessionId !== null && this.sessions.some((s) => s.sessionId === sessionId);
    }

    /** The active session if it is in this tab, else the tab's first session. */
    get currentSession() {
      return this.sessions.find((s) => s.sessionId === this.window.app._active) ?? this.sessions[0] ?? null;
    }

    /** Selects this tab (and its window). */
    async select() {
      await activate({ tab_id: this.tabId }, true, false, this.window.app);
    }

    async activate() {
      await this.select();
    }

    async close({ force = false } = {}) {
      await close('tabs', 'tab_ids', [this.tabId], force);
    }

    async setTitle(title) {
      await invokeMethod(this.tabId, `iterm2.set_title(title: ${JSON.stringify(String(title))})`);
    }
  }

  /** inject's argument as the host takes it: a string (sent as UTF-8) or an array of bytes. */
  function bytesOf(data) {
    if (typeof data === 'string') {
      return data;
    }
    if (data instanceof ArrayBuffer) {
      return Array.from(new Uint8Array(data));
    }
    if (ArrayBuffer.isView(data)) {
      return Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    if (Array.isArray(data) && data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      return data;
    }
    throw new TypeError('inject takes a string (sent as UTF-8), a Uint8Array or an array of byte values');
  }

  class Session {
    constructor(tab, snapshot) {
      this.tab = tab;
      this.sessionId = snapshot.id;
      this.name = snapshot.title;
      this.gridSize = { width: snapshot.columns, height: snapshot.rows };
      /** The size Tab.updateLayout asks for; the grid size until set. */
      this.preferredSize = { ...this.gridSize };
      variables(this, 'session', this.sessionId);
    }

    get window() {
      return this.tab.window;
    }

    /** Shows bytes in the session as though its program had written them. */
    inject(data) {
      return Promise.resolve().then(() => hostCall('inject', this.sessionId, bytesOf(data)));
    }

    /** Types text into the session as though the user had. */
    sendText(text) {
      return hostCall('sendText', this.sessionId, String(text));
    }

    /** Opens a new session beside this one, in its tab; resolves to it. */
    async splitPane({ vertical = false, before = false, profile, profileCustomizations } = {}) {
      const body = { session: this.sessionId, split_direction: vertical ? 'VERTICAL' : 'HORIZONTAL', before: Boolean(before),
        custom_profile_properties: assignments(profileCustomizations) };
      if (profile !== undefined && profile !== null) body.profile_name = String(profile);
      const answer = check(await request({ split_pane_request: body }), 'split_pane_response', `split ${this.sessionId}`);
      const app = this.tab.window.app;
      await app.refresh();
      return app.getSessionById(answer.session_id[0]);
    }

    /** Gives this session keyboard focus. */
    async activate({ selectTab = true } = {}) {
      await activate({ session_id: this.sessionId }, selectTab, true, this.tab.window.app);
    }

    async close({ force = false } = {}) {
      await close('sessions', 'session_ids', [this.sessionId], force);
    }

    /** The session's profile: its properties by iTerm2's keys ({'Name': 'Default', 'Foreground Color': {...}, ...}). */
    async getProfile() {
      const answer = check(await request({ get_profile_property_request: { session: this.sessionId } }),
        'get_profile_property_response', `the profile of ${this.sessionId}`);
      return propertiesOf(answer.properties);
    }

    /** Sets properties of the session's profile: {'Tab Color': iterm2.Color.fromHex('#ff0000'), 'Use Tab Color': true}. */
    async setProfileProperties(properties) {
      const answer = await request({ set_profile_property_request: { session: this.sessionId, assignments: assignments(properties) } });
      check(answer, 'set_profile_property_response', `set the profile of ${this.sessionId}`);
    }

    /** Sets every colour of a preset (from iterm2.ColorPreset.get) in the session's profile. */
    async setColorPreset(preset) {
      await this.setProfileProperties(Object.fromEntries(preset.colors.map((c) => [c.key, c])));
    }

    /**
     * What a script selected here: [{start: {x, y}, end: {x, y}, columns: {location, length} | null,
     * mode: 'CHARACTER', connected: false}, ...] (a headless host draws none a person made).
     */
    async getSelection() {
      const answer = check(await request({ selection_request: { get_selection_request: { session_id: this.sessionId } } }),
        'selection_response', `the selection of ${this.sessionId}`);
      return (((answer.get_selection_response || {}).selection || {}).sub_selections || []).map(subSelectionOf);
    }

    /** Selects runs of cells, as getSelection describes them; their text becomes the selection variable. */
    async setSelection(parts) {
      if (!Array.isArray(parts)) throw new TypeError(`setSelection: ${parts} (expected: an array of {start, end, ...})`);
      check(await request({ selection_request: { set_selection_request: { session_id: this.sessionId,
        selection: { sub_selections: parts.map(subSelectionMessage) } } } }), 'selection_response', `select in ${this.sessionId}`);
    }

    /** The text of runs of cells (the session's selection when none are given). */
    async getSelectionText(parts) {
      let text = '';
      const runs = parts ?? await this.getSelection();
      for (let i = 0; i < runs.length; i++) {
        const range = subSelectionMessage(runs[i]).windowed_coord_range;
        const answer = check(await request({ get_buffer_request: { session: this.sessionId, line_range: { windowed_coord_range: range } } }),
          'get_buffer_response', `the text of ${this.sessionId}`);
        for (const line of answer.contents || []) {
          text += (line.text || '') + ((line.continuation || 'CONTINUATION_HARD_EOL') === 'CONTINUATION_HARD_EOL' ? '\n' : '');
        }
        if (i < runs.length - 1 && !runs[i].connected && !text.endsWith('\n')) text += '\n';
      }
      return text;
    }
  }

  function subSelectionOf(sub) {
    const range = sub.windowed_coord_range || {};
    const coords = range.coord_range || {};
    const point = (p) => ({ x: Number((p || {}).x || 0), y: Number((p || {}).y || 0) });
    return { start: point(coords.start), end: point(coords.end),
      columns: range.columns ? { location: Number(range.columns.location || 0), length: Number(range.columns.length || 0) } : null,
      mode: sub.selection_mode || 'CHARACTER', connected: Boolean(sub.connected) };
  }

  function subSelectionMessage({ start, end, columns = null, mode = 'CHARACTER', connected = false } = {}) {
    for (const [name, p] of [['start', start], ['end', end]]) {
      if (!p || !Number.isInteger(p.x) || !Number.isInteger(p.y)) {
        throw new TypeError(`selection ${name}: ${JSON.stringify(p)} (expected: {x, y}, whole numbers)`);
      }
    }
    const range = { coord_range: { start: { x: start.x, y: start.y }, end: { x: end.x, y: end.y } } };
    if (columns) range.columns = { location: columns.location, length: columns.length };
    return { windowed_coord_range: range, selection_mode: String(mode), connected: Boolean(connected) };
  }

  /** iTerm2's menu bar: a headless host has 'Select All' (every line of the active session); any other item throws. */
  const MainMenu = Object.freeze({
    async selectMenuItem(_connection, identifier) {
      menuItemAnswer(await request({ menu_item_request: { identifier: String(identifier), query_only: false } }), identifier);
    },
    async getMenuItemState(_connection, identifier) {
      const answer = menuItemAnswer(await request({ menu_item_request: { identifier: String(identifier), query_only: true } }), identifier);
      return { checked: Boolean(answer.checked), enabled: Boolean(answer.enabled) };
    },
  });

  function menuItemAnswer(answer, identifier) {
    const status = statusOf(answer, 'menu_item_response');
    if (status === 'BAD_IDENTIFIER') {
      throw new Error(`MainMenu: BAD_IDENTIFIER: no menu item ${JSON.stringify(String(identifier))} on this host (a headless host has: Select All)`);
    }
    if (status !== 'OK') throw new Error(`MainMenu: ${status}: ${JSON.stringify(String(identifier))}`);
    return answer.menu_item_response;
  }

  /** A colour, components from 0 to 255: new iterm2.Color(255, 128, 0). JSON as a profile's colour. */
  class Color {
    constructor(red = 0, green = 0, blue = 0, alpha = 255, colorSpace = 'sRGB') {
      Object.assign(this, { red, green, blue, alpha, colorSpace });
    }

    static fromHex(text) {
      const m = /^#?([0-9a-fA-F]{6})$/.exec(String(text));
      if (m === null) {
        throw new TypeError(`Color.fromHex: ${text} (expected: #rrggbb)`);
      }
      const v = parseInt(m[1], 16);
      return new Color(v >> 16, (v >> 8) & 0xff, v & 0xff);
    }

    static fromDict(d) {
      return new Color(d['Red Component'] * 255, d['Green Component'] * 255, d['Blue Component'] * 255,
        (d['Alpha Component'] ?? 1) * 255, d['Color Space'] ?? 'Calibrated');
    }

    get hex() {
      const two = (n) => Math.round(n).toString(16).padStart(2, '0');
      return `#${two(this.red)}${two(this.green)}${two(this.blue)}`;
    }

    toJSON() {
      return { 'Red Component': this.red / 255, 'Green Component': this.green / 255, 'Blue Component': this.blue / 255,
        'Alpha Component': this.alpha / 255, 'Color Space': this.colorSpace };
    }
  }

  /** The colour presets the host ships: ColorPreset.list(connection), ColorPreset.get(connection, name). */
  const ColorPreset = Object.freeze({
    async list(_connection) {
      return check(await request({ color_preset_request: { list_presets: {} } }), 'color_preset_response', 'list presets')
        .list_presets?.name ?? [];
    },
    /** {name, colors: [Color with .key]}, or null when there is no such preset. */
    async get(_connection, name) {
      const answer = (await request({ color_preset_request: { get_preset: { name: String(name) } } })).color_preset_response;
      if (answer.status === 'PRESET_NOT_FOUND') return null;
      check({ color_preset_response: answer }, 'color_preset_response', `preset ${name}`);
      const colors = (answer.get_preset?.color_settings ?? []).map((c) =>
        Object.assign(new Color(c.red * 255, c.green * 255, c.blue * 255, (c.alpha ?? 1) * 255, c.color_space ?? 'sRGB'), { key: c.key }));
      return { name: String(name), colors };
    },
  });

  /** The named profiles: their properties by iTerm2's keys (those listed, or all). */
  async function listProfiles(_connection, { guids, properties } = {}) {
    const answer = await request({ list_profiles_request: { guids: guids ?? [], properties: properties ?? [] } });
    return (answer.list_profiles_response.profiles ?? []).map((p) => propertiesOf(p.properties));
  }

  /** Makes the named profile with this guid the default for new sessions. */
  async function setDefaultProfile(_connection, guid) {
    const answer = await request({ preferences_request: { requests: [{ set_default_profile_request: { guid: String(guid) } }] } });
    const result = answer.preferences_response.results[0].set_default_profile_result;
    if ((result?.status ?? 'OK') !== 'OK') throw new Error(`no profile has guid ${guid}`);
  }

  // ---- functions as RPCs ----

  /** A variable whose value (at the call site) fills a parameter: iterm2.Reference("id"). */
  function Reference(name) {
    if (!new.target) {
      return new Reference(name);
    }
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError('iterm2.Reference(name): name must be a variable path such as "id" or "user.x?"');
    }
    this.name = name;
    Object.freeze(this);
  }
  Reference.prototype.toString = function () {
    return `iterm2.Reference(${JSON.stringify(this.name)})`;
  };

  const REFERENCE_DEFAULT = /^(?:new\s+)?(?:iterm2\s*\.\s*)?Reference\s*\(\s*(['"`])([^'"`\\]*)\1\s*\)$/;

  function endOfString(text, start) {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') {
        i++;
      } else if (text[i] === text[start]) {
        return i;
      }
    }
    return text.length;
  }

  /** The parameters' source texts, comments left out, from the '(' at `open` to its ')'. */
  function parameterTexts(source, open) {
    const params = [];
    let current = '';
    let depth = 0;
    for (let i = open + 1; i < source.length; i++) {
      const c = source[i];
      if (c === '/' && source[i + 1] === '/') {
        i = source.indexOf('\n', i);
        if (i < 0) break;
      } else if (c === '/' && source[i + 1] === '*') {
        i = source.indexOf('*/', i + 2) + 1;
        if (i <= 0) break;
        current += ' ';
      } else if (c === '"' || c === "'" || c === '`') {
        const end = endOfString(source, i);
        current += source.slice(i, end + 1);
        i = end;
      } else if (c === ',' && depth === 0) {
        params.push(current);
        current = '';
      } else if (c === ')' && depth === 0) {
        params.push(current);
        return params.map((p) => p.trim()).filter((p) => p.length > 0);
      } else {
        if (c === '(' || c === '[' || c === '{') depth++;
        if (c === ')' || c === ']' || c === '}') depth--;
        current += c;
      }
    }
    throw new TypeError('cannot read the parameter list of ' + source.slice(0, 80));
  }

  /** Reads a function's parameters from its source: names, and reference defaults. */
  function reflect(fn, what) {
    const source = Function.prototype.toString.call(fn);
    if (/^class\b/.test(source) || /\{\s*\[native code\]\s*\}\s*$/.test(source)) {
      throw new TypeError(`${what}: cannot read the parameters of ${source.slice(0, 40)}; pass {args: [...]}`);
    }
    const text = source.replace(/^async(?=[\s(])\s*/, '');
    const single = /^([A-Za-z_$][\w$]*)\s*=>/.exec(text);
    const texts = single ? [single[1]] : parameterTexts(text, text.indexOf('('));
    return texts.map((p) => {
      if (p.startsWith('...') || p.startsWith('{') || p.startsWith('[')) {
        throw new TypeError(`${what}: cannot register the parameter ${p} (rest or destructuring); `
          + 'use plain parameters or pass {args: [...]}');
      }
      const eq = p.indexOf('=');
      const name = (eq < 0 ? p : p.slice(0, eq)).trim();
      const reference = eq < 0 ? null : REFERENCE_DEFAULT.exec(p.slice(eq + 1).trim());
      return { name, reference: reference ? reference[2] : null };
    });
  }

  /**
   * Makes fn registrable as an RPC: adds fn.register(connection, {timeout}) and fn.unregister(). The
   * RPC's name and parameter names come from fn itself; a parameter whose default is written
   * `= iterm2.Reference("id")` is filled from that variable at the call site. options: {name, args,
   * defaults: {param: "id"}, timeout (seconds)} override what is read from fn.
   */
  function rpc(fn, options = {}) {
    if (typeof fn !== 'function') {
      throw new TypeError(`iterm2.rpc(fn): fn must be a function, not ${typeof fn}`);
    }
    const name = options.name ?? fn.name;
    if (!name) {
      throw new TypeError('iterm2.rpc(fn): the function has no name; write a named function '
        + '(async function add(a, b) {...}) or pass {name: "add"}');
    }
    const what = `iterm2.rpc(${name})`;
    const reflected = options.args ? null : reflect(fn, what);
    const args = options.args ? options.args.map(String) : reflected.map((p) => p.name);
    const references = {};
    for (const p of reflected ?? []) {
      if (p.reference !== null) references[p.name] = p.reference;
    }
    for (const [arg, path] of Object.entries(options.defaults ?? {})) {
      if (!args.includes(arg)) {
        throw new TypeError(`${what}: defaults names ${arg}, which is not a parameter (${args.join(', ')})`);
      }
      references[arg] = path instanceof Reference ? path.name : String(path);
    }

    // The host calls this with the arguments' values in the order of args, and hears the answer
    // through ok(json) or fail(reason, traceback): as little JS as a call can take, because every
    // call runs it (one promise, no wrapper objects). The values come as they are, a0 to a3, when
    // there are at most four and each is a string, a number JSON would read alike, a boolean or
    // null (valuesJson is null then); else as one JSON array, valuesJson. The first skips a
    // JSON.parse and a spread call: interpreted, 2.65 µs a call of an async add(a, b) against 3.35.
    const failed = (fail) => (e) => {
      const d = describe(e);
      fail(d.reason, d.traceback);
    };
    const arity = args.length;
    const handler = (valuesJson, ok, fail, a0, a1, a2, a3) => {
      let result;
      try {
        result = valuesJson !== null ? fn(...JSON.parse(valuesJson))
          : arity === 0 ? fn() : arity === 1 ? fn(a0) : arity === 2 ? fn(a0, a1) : arity === 3 ? fn(a0, a1, a2) : fn(a0, a1, a2, a3);
      } catch (e) {
        failed(fail)(e);
        return;
      }
      Promise.resolve(result).then((value) => {
        let text;
        try {
          text = json(value);
        } catch (e) {
          fail(`${name} returned a value that is not JSON: ${e.message}`, null);
          return;
        }
        ok(text === undefined ? 'null' : text); // a function or a symbol: JSON has no such value
      }, failed(fail));
    };

    let registered = null;
    Object.defineProperties(fn, {
      register: {
        configurable: true,
        value: async (_connection, { timeout, role } = {}) => {
          const seconds = timeout ?? options.timeout ?? null;
          // JSON has no Infinity: "for ever" goes as the largest number, which the host cuts to its longest timeout
          const definition = JSON.stringify({ name, args, references, timeout: seconds === Infinity ? Number.MAX_VALUE : seconds,
            ...(role ? { role } : {}) });
          await hostCall('register', definition, handler);
          registered = definition;
        },
      },
      unregister: {
        configurable: true,
        value: async () => {
          if (registered !== null) {
            await hostCall('unregister', registered);
            registered = null;
          }
        },
      },
      signature: { configurable: true, value: `${name}(${[...args].sort().join(',')})` },
    });
    return fn;
  }

  // ---- hooks: status-bar components, title providers, alerts ----

  const KNOB_TYPES = ['Checkbox', 'String', 'PositiveFloatingPoint', 'Color'];

  /** A setting of a status-bar component: {type: 'Checkbox'|'String'|'PositiveFloatingPoint'|'Color', name, key, defaultValue, placeholder}. */
  function knob({ type, name, key, defaultValue = null, placeholder = '' }) {
    if (!KNOB_TYPES.includes(type)) {
      throw new TypeError(`knob type ${type} (expected: one of ${KNOB_TYPES.join(', ')})`);
    }
    if (typeof key !== 'string' || key === '') {
      throw new TypeError(`knob key ${key} (expected: a non-empty string)`);
    }
    return { name: String(name ?? key), type, placeholder: String(placeholder), json_default_value: json(defaultValue), key };
  }

  /**
   * A status-bar component: the host calls its function (an iterm2.rpc function taking knobs) for
   * each session, and polybridge pty shows the text on its bottom row.
   *   const clock = new iterm2.StatusBarComponent({ shortDescription: 'Clock', exemplar: '12:00',
   *     updateCadence: 1, identifier: 'com.example.clock' });
   *   await clock.register(connection, iterm2.rpc(async function clock(knobs) { return new Date().toTimeString().slice(0, 5); }));
   */
  class StatusBarComponent {
    constructor({ shortDescription, detailedDescription = '', knobs = [], exemplar = '', updateCadence = null, identifier }) {
      if (typeof identifier !== 'string' || identifier === '') {
        throw new TypeError(`StatusBarComponent: identifier ${identifier} (expected: a unique string such as com.example.clock)`);
      }
      if (updateCadence !== null && !(typeof updateCadence === 'number' && updateCadence > 0)) {
        throw new TypeError(`StatusBarComponent: updateCadence ${updateCadence} (expected: seconds > 0, or null)`);
      }
      Object.assign(this, { shortDescription: String(shortDescription ?? identifier), detailedDescription: String(detailedDescription),
        knobs, exemplar: String(exemplar), updateCadence, identifier });
      this._functions = [];
    }

    /** Registers fn (made with iterm2.rpc; it takes knobs) as this component's function, and onclick(sessionId) as its click. */
    async register(connection, fn, { timeout, onclick } = {}) {
      if (typeof fn?.register !== 'function') {
        throw new TypeError('StatusBarComponent.register: fn must be made with iterm2.rpc');
      }
      const attributes = { short_description: this.shortDescription, detailed_description: this.detailedDescription,
        knobs: this.knobs, exemplar: this.exemplar, unique_identifier: this.identifier,
        ...(this.updateCadence !== null ? { update_cadence: this.updateCadence } : {}) };
      await fn.register(connection, { timeout, role: { role: 'STATUS_BAR_COMPONENT', status_bar_component_attributes: attributes } });
      this._functions.push(fn);
      if (onclick) {
        const click = rpc(async (sessionId) => onclick(sessionId),
          { name: `__${this.identifier.replace(/[.-]/g, '_')}__on_click`, args: ['session_id'] });
        await click.register(connection, { timeout });
        this._functions.push(click);
      }
    }

    async unregister() {
      for (const f of this._functions.splice(0)) await f.unregister();
    }

    /** The count shown after the text in a session (every session when sessionId is null); 0 removes it. */
    async setUnreadCount(sessionId, count) {
      const call = `iterm2.set_status_bar_component_unread_count(identifier: ${json(this.identifier)}, count: ${json(count)})`;
      return sessionId ? invokeMethod(sessionId, call) : hostCall('invoke', call, 'app', null, 0);
    }
  }

  /** Registers fn (made with iterm2.rpc) as a title provider: its result becomes each session's name. */
  async function registerTitleProvider(connection, fn, { displayName, identifier, timeout } = {}) {
    if (typeof identifier !== 'string' || identifier === '') {
      throw new TypeError(`registerTitleProvider: identifier ${identifier} (expected: a unique string)`);
    }
    await fn.register(connection, { timeout, role: { role: 'SESSION_TITLE',
      session_title_attributes: { display_name: String(displayName ?? identifier), unique_identifier: identifier } } });
  }

  const ALERT_WAIT = 24 * 3600; // an alert waits for a person as long as an invocation may (the host's limit)

  /**
   * Asks a person (polybridge alerts answers): resolves to the button's index from 0.
   *   const choice = await iterm2.alert(connection, { title: 'Deploy?', buttons: ['Yes', 'No'] });
   */
  async function alert(_connection, { title, subtitle = '', buttons = [], windowId = null }) {
    const answer = await hostCall('invoke', `iterm2.alert(title: ${json(String(title))}, subtitle: ${json(String(subtitle))}, `
      + `buttons: ${json(buttons.map(String))}, window_id: ${json(windowId)})`, 'app', null, ALERT_WAIT);
    return answer - 1000;
  }

  /** Asks a person for text (polybridge alerts answer ID TEXT); resolves to it. */
  async function textInputAlert(_connection, { title, subtitle = '', placeholder = '', defaultValue = '', windowId = null }) {
    return hostCall('invoke', `iterm2.get_string(title: ${json(String(title))}, subtitle: ${json(String(subtitle))}, `
      + `placeholder: ${json(String(placeholder))}, defaultValue: ${json(String(defaultValue))}, window_id: ${json(windowId)})`,
      'app', null, ALERT_WAIT);
  }

  /**
   * Asks a person with buttons, checkboxes, a combo box and a text field (Python's PolyModalAlert);
   * resolves to {button, text, checked, combo}:
   *   const r = await iterm2.polyModalAlert(connection, { title: 'Release', buttons: ['Ship', 'Hold'],
   *     checkboxes: [{ label: 'notify', checked: true }], combobox: { items: ['eu', 'us'], selected: 'eu' },
   *     textField: { placeholder: 'version', value: '1.0' } });
   */
  async function polyModalAlert(_connection, { title, subtitle = '', buttons = [], checkboxes = [], combobox = null,
    textField = null, windowId = null } = {}) {
    if (!Array.isArray(checkboxes) || checkboxes.some((c) => typeof c !== 'object' || c === null || typeof c.label !== 'string')) {
      throw new TypeError(`polyModalAlert: checkboxes ${JSON.stringify(checkboxes)} (expected: [{label, checked}])`);
    }
    const items = combobox ? combobox.items : [];
    if (!Array.isArray(items) || items.some((i) => typeof i !== 'string')) {
      throw new TypeError(`polyModalAlert: combobox.items ${JSON.stringify(items)} (expected: an array of strings)`);
    }
    const field = textField ? [String(textField.placeholder ?? ''), String(textField.value ?? '')] : [];
    const answer = await hostCall('invoke', `iterm2.get_poly_modal_alert(title: ${json(String(title))}, `
      + `subtitle: ${json(String(subtitle))}, buttons: ${json(buttons.map(String))}, `
      + `checkboxes: ${json(checkboxes.map((c) => c.label))}, checkboxDefaults: ${json(checkboxes.map((c) => (c.checked ? 1 : 0)))}, `
      + `comboboxItems: ${json(items)}, comboboxDefault: ${json(combobox && combobox.selected != null ? String(combobox.selected) : null)}, `
      + `textFieldParams: ${json(field)}, width: 300, window_id: ${json(windowId)})`, 'app', null, ALERT_WAIT);
    return { button: answer.button, text: answer.tf_text, checked: answer.checks, combo: answer.combo };
  }

  // ---- notifications ----

  /**
   * Calls callback(match, sessionId) when a session prints OSC 1337 ; Custom=id=<identity>:<payload>
   * and regex (a RegExp or its source) matches the payload. sharedSecret is identity's old name.
   */
  class CustomControlSequence {
    // connection is named as iTerm2's constructor takes it (and the stubs list it); a script has one.
    constructor({ connection, callback, identity, sharedSecret, regex, session = 'all' } = {}) {
      identity = identity ?? sharedSecret;
      if (typeof callback !== 'function') {
        throw new TypeError('CustomControlSequence: callback must be a function');
      }
      if (typeof identity !== 'string') {
        throw new TypeError('CustomControlSequence: identity (or sharedSecret) must be a string');
      }
      if (regex === undefined || regex === null) {
        throw new TypeError('CustomControlSequence: regex is required (a RegExp or a string)');
      }
      this.callback = callback;
      this.identity = identity;
      this.regex = regex instanceof RegExp ? regex : new RegExp(String(regex));
      this.session = session;
      this._subscription = null;
    }

    async register() {
      if (this._subscription === null) {
        this._subscription = await hostCall('onCustomControlSequence', this.session, this.identity,
          (sessionId, payload) => this._received(sessionId, payload));
      }
    }

    async unregister() {
      if (this._subscription !== null) {
        const id = this._subscription;
        this._subscription = null;
        await hostCall('cancel', id);
      }
    }

    _received(sessionId, payload) {
      this.regex.lastIndex = 0;
      const match = this.regex.exec(payload);
      if (match !== null) {
        guarded('the custom control sequence callback', this.callback)(match, sessionId);
      }
    }
  }

  /** A subscription a monitor returns: cancel() ends it. */
  function subscription(id) {
    return { cancel: () => hostCall('cancel', id) };
  }

  /** Calls callback(sessionId) for each new session. */
  async function onNewSession(_connection, callback) {
    return subscription(await hostCall('onNewSession', guarded('a new-session callback', callback), true));
  }

  /** Calls callback(sessionId) for each session that ends. */
  async function onSessionTerminated(_connection, callback) {
    return subscription(await hostCall('onSessionTerminated', guarded('a session-terminated callback', callback), true));
  }

  /** Calls callback(newValue) when a variable changes: {scope: "session", id, name: "user.x"}. */
  async function onVariableChange(_connection, { scope = 'session', id = null, name }, callback) {
    const listener = guarded('a variable-change callback', (valueJson) => callback(JSON.parse(valueJson)));
    return subscription(await hostCall('onVariableChange', scope, id, String(name), listener));
  }

  /** Calls callback({window, selectedTab, session}) (one of them set) for each change of keyboard focus. */
  function onFocusChange(_connection, callback) {
    return subscribeTo({ session: 'all', notification_type: 'NOTIFY_ON_FOCUS_CHANGE' }, 'a focus callback', (n) => {
      const f = n.focus_changed_notification;
      callback({
        window: f.window ? { windowId: f.window.window_id, status: f.window.window_status ?? 'TERMINAL_WINDOW_BECAME_KEY' } : null,
        selectedTab: f.selected_tab ?? null,
        session: f.session ?? null,
        applicationActive: f.application_active ?? null,
      });
    });
  }

  /** Calls callback() when windows, tabs or panes change. */
  function onLayoutChange(_connection, callback) {
    return subscribeTo({ session: 'all', notification_type: 'NOTIFY_ON_LAYOUT_CHANGE' }, 'a layout callback', () => callback());
  }

  /**
   * Calls callback(sessionId) once for each session: those open now, then each new one
   * (iTerm2's EachSessionOnceMonitor). Resolves to {cancel()}.
   */
  async function eachSession(connection, callback) {
    const app = await getApp(connection);
    const seen = new Set();
    const once = guarded('an each-session callback', async (id) => {
      if (!seen.has(id)) {
        seen.add(id);
        await app.refresh();
        await callback(id);
      }
    });
    const subscription = await onNewSession(connection, once);
    for (const w of app.windows) for (const t of w.tabs) for (const s of t.sessions) once(s.sessionId);
    return subscription;
  }

  const iterm2 = Object.freeze({
    StatusBarComponent,
    knob,
    registerTitleProvider,
    alert,
    textInputAlert,
    polyModalAlert,
    runForever,
    runUntilComplete,
    getApp,
    rpc,
    Reference,
    CustomControlSequence,
    onNewSession,
    onSessionTerminated,
    onVariableChange,
    onFocusChange,
    onLayoutChange,
    eachSession,
    listProfiles,
    setDefaultProfile,
    Color,
    ColorPreset,
    App,
    Window,
    Tab,
    Splitter,
    Session,
    Connection,
    MainMenu,
    TmuxConnection,
    getTmuxConnections,
  });

  for (const [name, value] of Object.entries({ ...globals, iterm2 })) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(globalThis, Symbol.for('polybridge.iterm2'), { value: iterm2 });
  return iterm2;
})
