// polybridge repl's JavaScript side, evaluated once in a REPL's context after the iterm2 prelude:
// defines `connection` and returns inspect(value), the text a REPL echoes for a value, after
// Node.js's util.inspect (one line, two levels deep).
(function () {
  'use strict';

  Object.defineProperty(globalThis, 'connection', {
    value: new iterm2.Connection(), writable: true, configurable: true, enumerable: false,
  });

  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

  function quote(s) {
    return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  }

  function inspect(value, depth = 0, seen = new Set()) {
    switch (typeof value) {
      case 'undefined': return 'undefined';
      case 'string': return quote(value);
      case 'number': return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint': return `${value}n`;
      case 'boolean': return String(value);
      case 'symbol': return value.toString();
      case 'function': {
        const source = Function.prototype.toString.call(value);
        if (source.startsWith('class')) return `[class ${value.name || '(anonymous)'}]`;
        return `[Function: ${value.name || '(anonymous)'}]`;
      }
      default: break;
    }
    if (value === null) return 'null';
    if (value instanceof Error) return value.stack || String(value);
    if (value instanceof Date) return value.toISOString();
    if (value instanceof RegExp) return String(value);
    if (value instanceof Promise) return 'Promise { … }';
    if (seen.has(value)) return '[Circular]';
    if (depth > 2) return Array.isArray(value) ? '[Array]' : '[Object]';
    seen.add(value);
    try {
      const inner = (v) => inspect(v, depth + 1, seen);
      if (Array.isArray(value)) {
        return value.length === 0 ? '[]' : `[ ${value.map(inner).join(', ')} ]`;
      }
      if (value instanceof Map) {
        const entries = [...value].map(([k, v]) => `${inner(k)} => ${inner(v)}`);
        return `Map(${value.size}) {${entries.length ? ` ${entries.join(', ')} ` : ''}}`;
      }
      if (value instanceof Set) {
        const entries = [...value].map(inner);
        return `Set(${value.size}) {${entries.length ? ` ${entries.join(', ')} ` : ''}}`;
      }
      const name = value.constructor && value.constructor !== Object && typeof value.constructor.name === 'string'
        ? `${value.constructor.name} ` : '';
      const entries = Object.keys(value).map((k) => `${IDENTIFIER.test(k) ? k : quote(k)}: ${inner(value[k])}`);
      return entries.length === 0 ? `${name}{}` : `${name}{ ${entries.join(', ')} }`;
    } finally {
      seen.delete(value);
    }
  }

  return { inspect };
})()
