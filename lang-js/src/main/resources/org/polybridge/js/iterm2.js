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

  // ---- globals GraalJS lacks: timers, queueMicrotask, require ----

  function timerCallback(name, fn, args) {
    if (typeof fn !== 'function') {
      throw new TypeError(`${name}: the callback must be a function, not ${typeof fn}`);
    }
    return args.length ? () => fn(...args) : () => fn();
  }

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
      throw new Error(`require('${specifier}'): only 'iterm2' can be required; `
        + 'split a script into files with ES modules (.mjs files and import)');
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
        const app = new App(await hostCall('app'));
        const refresh = () => app.refresh().catch((e) => report('refreshing the app', e));
        await hostCall('onNewSession', refresh, false);
        await hostCall('onSessionTerminated', refresh, false);
        return app;
      })();
      return appPromise;
    }
    const app = await appPromise;
    return app.refresh();
  }

  function invoker(kind, id) {
    return (invocation, { timeout } = {}) => hostCall('invoke', String(invocation), kind, id, Number(timeout) || 0);
  }

  function variables(target, scope, id) {
    target.getVariable = (name) => hostCall('getVariable', scope, id, String(name));
    target.setVariable = (name, value) => hostCall('setVariable', scope, id, String(name), json(value));
    target.invokeFunction = invoker(scope, id);
  }

  class App {
    constructor(snapshot) {
      this._update(snapshot);
      variables(this, 'app', null);
    }

    _update(snapshot) {
      this._active = snapshot.active_session ?? null;
      this._windows = snapshot.windows.map((w) => new Window(this, w));
    }

    /** Reads the windows, tabs and sessions again. */
    async refresh() {
      this._update(await hostCall('app'));
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
  }

  class Window {
    constructor(app, snapshot) {
      this.app = app;
      this.windowId = snapshot.id;
      this.number = snapshot.number;
      this.tabs = snapshot.tabs.map((t) => new Tab(this, t));
      variables(this, 'window', this.windowId);
    }

    /** Opens a new window; resolves to it. */
    static async create(_connection, { profile } = {}) {
      const created = await hostCall('createTab', null, profile ?? null);
      const app = await getApp();
      return app.getWindowById(created.windowId);
    }

    /** The tab of the active session, else the first tab. */
    get currentTab() {
      return this.tabs.find((t) => t._has(this.app._active)) ?? this.tabs[0] ?? null;
    }

    /** Opens a new tab in this window; resolves to it. */
    async createTab({ profile } = {}) {
      const created = await hostCall('createTab', this.windowId, profile ?? null);
      await this.app.refresh();
      return this.app.getTabById(created.tabId);
    }
  }

  class Tab {
    constructor(window, snapshot) {
      this.window = window;
      this.tabId = snapshot.id;
      this.sessions = snapshot.sessions.map((s) => new Session(this, s));
      variables(this, 'tab', this.tabId);
    }

    _has(sessionId) {
      return sessionId !== null && this.sessions.some((s) => s.sessionId === sessionId);
    }

    /** The active session if it is in this tab, else the tab's first session. */
    get currentSession() {
      return this.sessions.find((s) => s.sessionId === this.window.app._active) ?? this.sessions[0] ?? null;
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

    // The host calls this with the arguments' values as a JSON array in the order of args, and
    // hears the answer through ok(json) or fail(reason, traceback): as little JS as a call can
    // take, because every call runs it (one promise, no wrapper objects).
    const failed = (fail) => (e) => {
      const d = describe(e);
      fail(d.reason, d.traceback);
    };
    const handler = (valuesJson, ok, fail) => {
      let result;
      try {
        result = fn(...JSON.parse(valuesJson));
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
        value: async (_connection, { timeout } = {}) => {
          const seconds = timeout ?? options.timeout ?? null;
          // JSON has no Infinity: "for ever" goes as the largest number, which the host cuts to its longest timeout
          const definition = JSON.stringify({ name, args, references, timeout: seconds === Infinity ? Number.MAX_VALUE : seconds });
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

  // ---- notifications ----

  /**
   * Calls callback(match, sessionId) when a session prints OSC 1337 ; Custom=id=<identity>:<payload>
   * and regex (a RegExp or its source) matches the payload. sharedSecret is identity's old name.
   */
  class CustomControlSequence {
    constructor({ callback, identity, sharedSecret, regex, session = 'all' } = {}) {
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

  const iterm2 = Object.freeze({
    runForever,
    runUntilComplete,
    getApp,
    rpc,
    Reference,
    CustomControlSequence,
    onNewSession,
    onSessionTerminated,
    onVariableChange,
    App,
    Window,
    Tab,
    Session,
    Connection,
  });

  for (const [name, value] of Object.entries({ ...globals, iterm2 })) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(globalThis, Symbol.for('polybridge.iterm2'), { value: iterm2 });
  return iterm2;
})
