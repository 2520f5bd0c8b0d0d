// Writes the editor stubs of the iterm2 module of JavaScript scripts (iterm2.d.ts) from the module
// itself, as a polybridge script sees it: the exported names, classes with their methods, getters,
// statics and fields, and parameter lists read from the functions' source (destructured options
// become an options object). Run by EditorStubsTest (bridge-cli), which compares the result with
// what `polybridge stubs` writes. What the code cannot tell (types) comes from the tables below; an
// entry that names nothing fails the run, so the tables cannot outlive what they describe.

// Parameter types by name.
const NAMED_TYPES = {
  connection: 'Connection',
  sessionId: 'string', tabId: 'string', windowId: 'string', id: 'string', guid: 'string', name: 'string',
  callback: '(...args: any[]) => any', fn: '(...args: any[]) => any',
  main: '(connection: Connection) => unknown',
};

// Return and property types by qualified name: 'function', 'Class.member' (static or not).
const RETURNS = {
  getApp: 'Promise<App>',
  rpc: 'RpcFunction',
  Reference: 'Reference',
  onNewSession: 'Promise<Subscription>',
  onSessionTerminated: 'Promise<Subscription>',
  onVariableChange: 'Promise<Subscription>',
  onFocusChange: 'Promise<Subscription>',
  onLayoutChange: 'Promise<Subscription>',
  eachSession: 'Promise<Subscription>',
  'App.windows': 'Window[]',
  'App.currentWindow': 'Window | null',
  'App.currentTerminalWindow': 'Window | null',
  'App.getWindowById': 'Window | null',
  'App.getTabById': 'Tab | null',
  'App.getSessionById': 'Session | null',
  'App.getWindowForTab': 'Window | null',
  'App.getTabAndWindowForSession': '{ window: Window | null; tab: Tab | null }',
  'App.refresh': 'Promise<App>',
  'Window.create': 'Promise<Window | null>',
  'Window.createTab': 'Promise<Tab | null>',
  'Window.tabs': 'Tab[]',
  'Window.currentTab': 'Tab | null',
  'Window.app': 'App',
  'Tab.sessions': 'Session[]',
  'Tab.currentSession': 'Session | null',
  'Tab.window': 'Window',
  'Session.tab': 'Tab',
  'Session.window': 'Window',
  'Session.splitPane': 'Promise<Session>',
  'Color.fromHex': 'Color',
  'Color.fromDict': 'Color',
  'Color.hex': 'string',
};

// What the prelude puts on globalThis besides iterm2 (GraalJS has none of them) and console (the
// script's log), by name; checked to be there. Declared so as to merge with lib.dom's and Node's.
const GLOBALS = {
  setTimeout: 'declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;',
  setInterval: 'declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;',
  clearTimeout: 'declare function clearTimeout(id?: any): void;',
  clearInterval: 'declare function clearInterval(id?: any): void;',
  queueMicrotask: 'declare function queueMicrotask(callback: () => void): void;',
  console: 'interface Console { log(...data: any[]): void; error(...data: any[]): void; }\ndeclare var console: Console;',
};

const used = new Set();

function returns(qualified, fallback) {
  if (qualified in RETURNS) {
    used.add(qualified);
    return RETURNS[qualified];
  }
  return fallback;
}

/** The text between the first '(' of a function's source and its matching ')'. */
function parameterList(source) {
  const open = source.indexOf('(');
  const arrow = source.indexOf('=>');
  if (open < 0 || (arrow >= 0 && arrow < open)) {
    // `x => ...`: one parameter without brackets
    return arrow >= 0 ? source.slice(0, arrow).replace(/^async\s+/, '').trim() : '';
  }
  let depth = 0;
  let quote = null;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c) && --depth === 0) {
      return source.slice(open + 1, i);
    }
  }
  throw new Error('unbalanced parameter list in ' + source.slice(0, 80));
}

/** Splits at the commas outside brackets and strings. */
function topLevel(text, separator = ',') {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      depth--;
    } else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** `name = default` → [name, default]; the first '=' outside brackets that is not part of '=>'. */
function splitDefault(text) {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === '=' && depth === 0 && text[i + 1] !== '>' && text[i + 1] !== '=' && text[i - 1] !== '=') {
      return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
    }
  }
  return [text.trim(), null];
}

function literalType(value) {
  if (value === null) return 'any';
  if (/^['"`]/.test(value)) return 'string';
  if (/^-?[0-9.]+$/.test(value)) return 'number';
  if (value === 'true' || value === 'false') return 'boolean';
  if (value.startsWith('[')) return 'any[]';
  return 'any';
}

function typeOf(name, fallback) {
  return NAMED_TYPES[name] ?? fallback;
}

/** One parameter as TypeScript: destructured objects become `options`. */
function parameter(text, index) {
  if (text.startsWith('...')) {
    return `...${text.slice(3).trim()}: any[]`;
  }
  const [target, value] = splitDefault(text);
  const optional = value !== null;
  if (target.startsWith('{')) {
    const members = topLevel(target.slice(1, -1)).map((m) => {
      const [key, memberDefault] = splitDefault(m);
      const name = key.split(':')[0].trim();
      // with the whole object optional (`{ a, b } = {}`), so is each of its members
      return `${name}${memberDefault !== null || optional ? '?' : ''}: ${typeOf(name, memberDefault !== null ? literalType(memberDefault) : 'any')}`;
    });
    return `options${optional ? '?' : ''}: { ${members.join('; ')} }`;
  }
  const name = target.replace(/^_+/, '') || `arg${index}`;
  return `${name}${optional ? '?' : ''}: ${typeOf(name, optional ? literalType(value) : 'any')}`;
}

function signature(fn) {
  return topLevel(parameterList(Function.prototype.toString.call(fn))).map(parameter).join(', ');
}

function isClass(fn) {
  return typeof fn === 'function' && /^class\b/.test(Function.prototype.toString.call(fn));
}

function isAsync(fn) {
  return /^async\b/.test(Function.prototype.toString.call(fn));
}

/** The public fields the constructor assigns (this.x = …, Object.assign(this, {a, b})). */
function constructorFields(cls) {
  const source = Function.prototype.toString.call(cls);
  const fields = new Set();
  for (const m of source.matchAll(/this\.([A-Za-z$][\w$]*)\s*=(?!=)/g)) fields.add(m[1]);
  for (const m of source.matchAll(/Object\.assign\(this,\s*\{([^}]*)\}/g)) {
    topLevel(m[1]).forEach((f) => fields.add(f.split(':')[0].trim()));
  }
  return [...fields];
}

function constructorSource(cls) {
  const source = Function.prototype.toString.call(cls);
  const at = source.search(/\bconstructor\s*\(/);
  return at < 0 ? null : source.slice(at);
}

function klass(name, cls, instance, lines) {
  const ctor = constructorSource(cls);
  lines.push(`  class ${name} {`);
  if (ctor !== null) {
    lines.push(`    constructor(${topLevel(parameterList(ctor)).map(parameter).join(', ')});`);
  } else {
    lines.push('    private constructor();');
  }
  const members = new Set();
  const fields = constructorFields(cls);
  const own = instance ? Object.keys(instance).filter((k) => !k.startsWith('_')) : [];
  for (const field of [...fields, ...own]) {
    if (members.has(field)) continue;
    members.add(field);
    const value = instance ? instance[field] : undefined;
    if (typeof value === 'function') {
      lines.push(`    ${field}(${signature(value)}): ${returns(`${name}.${field}`, 'Promise<any>')};`);
    } else {
      lines.push(`    ${field}: ${returns(`${name}.${field}`, typeOf(field, 'any'))};`);
    }
  }
  for (const key of Object.getOwnPropertyNames(cls.prototype)) {
    if (key === 'constructor' || key.startsWith('_') || members.has(key)) continue;
    members.add(key);
    const d = Object.getOwnPropertyDescriptor(cls.prototype, key);
    if (d.get) {
      lines.push(`    ${d.set ? '' : 'readonly '}${key}: ${returns(`${name}.${key}`, 'any')};`);
    } else if (typeof d.value === 'function') {
      lines.push(`    ${key}(${signature(d.value)}): ${returns(`${name}.${key}`, isAsync(d.value) ? 'Promise<any>' : 'any')};`);
    }
  }
  for (const key of Object.getOwnPropertyNames(cls)) {
    if (['length', 'name', 'prototype'].includes(key) || key.startsWith('_')) continue;
    const d = Object.getOwnPropertyDescriptor(cls, key);
    if (typeof d.value === 'function') {
      lines.push(`    static ${key}(${signature(d.value)}): ${returns(`${name}.${key}`, isAsync(d.value) ? 'Promise<any>' : 'any')};`);
    } else {
      lines.push(`    static ${d.get && !d.set ? 'readonly ' : ''}${key}: ${returns(`${name}.${key}`, 'any')};`);
    }
  }
  lines.push('  }');
}

function functionStub(name, fn, lines) {
  lines.push(`  function ${name}(${signature(fn)}): ${returns(name, isAsync(fn) ? 'Promise<any>' : 'any')};`);
}

function objectStub(name, value, lines) {
  lines.push(`  const ${name}: {`);
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (typeof member === 'function') {
      lines.push(`    ${key}(${signature(member)}): ${returns(`${name}.${key}`, isAsync(member) ? 'Promise<any>' : 'any')};`);
    } else {
      lines.push(`    readonly ${key}: ${returns(`${name}.${key}`, 'any')};`);
    }
  }
  lines.push('  };');
}

async function generate(connection) {
  const app = await iterm2.getApp(connection);
  const window = app.windows[0];
  const tab = window?.tabs[0];
  const session = tab?.sessions[0];
  if (!session) {
    throw new Error('js_stubs needs a session in the host to read App, Window, Tab and Session objects');
  }
  const instances = { App: app, Window: window, Tab: tab, Session: session, Connection: connection };
  for (const name of Object.keys(GLOBALS)) {
    if (globalThis[name] === undefined) {
      throw new Error(`GLOBALS names ${name}, which scripts do not have`);
    }
  }
  const lines = [
    "// Editor stubs of polybridge's iterm2 module for JavaScript scripts (generated from the module;",
    '// `polybridge stubs DIR`). With TypeScript (or // @ts-check in a .js file), list this file in',
    "// tsconfig.json's \"include\" or \"files\", or /// <reference path=\"iterm2.d.ts\" /> it.",
    '',
    ...Object.values(GLOBALS),
    '',
    '/** The iterm2 module: a global, require(\'iterm2\'), import * as iterm2 from \'iterm2\'. */',
    'declare namespace iterm2 {',
    '  /** What onNewSession, onVariableChange … resolve to. */',
    '  interface Subscription { cancel(): Promise<any>; }',
    '  /** A function made registrable by rpc(fn). */',
    '  interface RpcFunction {',
    '    (...args: any[]): any;',
    '    register(connection: Connection, options?: { timeout?: number; role?: any }): Promise<any>;',
    '    unregister(): Promise<any>;',
    '  }',
    '  interface Reference { readonly name: string; }',
    '',
  ];
  for (const name of Object.keys(iterm2).sort()) {
    const value = iterm2[name];
    if (isClass(value)) {
      klass(name, value, instances[name], lines);
    } else if (typeof value === 'function') {
      functionStub(name, value, lines);
    } else if (value !== null && typeof value === 'object') {
      objectStub(name, value, lines);
    } else {
      lines.push(`  const ${name}: ${typeof value};`);
    }
  }
  lines.push('}', '', "declare module 'iterm2' {", '  export = iterm2;', '}', '');
  const unused = Object.keys(RETURNS).filter((k) => !used.has(k));
  if (unused.length > 0) {
    throw new Error('RETURNS names what the module no longer has: ' + unused.join(', '));
  }
  return { 'iterm2.d.ts': lines.join('\n') };
}

iterm2.runForever(async (connection) => {
  await iterm2.rpc(async function js_stubs() { return generate(connection); }).register(connection, { timeout: 60 });
});
