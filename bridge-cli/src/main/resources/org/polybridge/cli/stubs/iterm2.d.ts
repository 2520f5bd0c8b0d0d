// Editor stubs of polybridge's iterm2 module for JavaScript scripts (generated from the module;
// `polybridge stubs DIR`). With TypeScript (or // @ts-check in a .js file), list this file in
// tsconfig.json's "include" or "files", or /// <reference path="iterm2.d.ts" /> it.

declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearTimeout(id?: any): void;
declare function clearInterval(id?: any): void;
declare function queueMicrotask(callback: () => void): void;
interface Console { log(...data: any[]): void; error(...data: any[]): void; }
declare var console: Console;

/** The iterm2 module: a global, require('iterm2'), import * as iterm2 from 'iterm2'. */
declare namespace iterm2 {
  /** What onNewSession, onVariableChange … resolve to. */
  interface Subscription { cancel(): Promise<any>; }
  /** A function made registrable by rpc(fn). */
  interface RpcFunction {
    (...args: any[]): any;
    register(connection: Connection, options?: { timeout?: number; role?: any }): Promise<any>;
    unregister(): Promise<any>;
  }
  interface Reference { readonly name: string; }

  class App {
    constructor(snapshot: any);
    getVariable(name: string): Promise<any>;
    setVariable(name: string, value: any): Promise<any>;
    invokeFunction(invocation: any, options?: { timeout?: any }): Promise<any>;
    applyLayout(spec: any): Promise<any>;
    moveSession(session: any, destination: any, options?: { vertical?: boolean; before?: boolean }): Promise<any>;
    refresh(): Promise<App>;
    readonly windows: Window[];
    readonly currentWindow: Window | null;
    readonly currentTerminalWindow: Window | null;
    getWindowById(id: string): Window | null;
    getTabById(id: string): Tab | null;
    getSessionById(id: string): Session | null;
    getWindowForTab(tabId: string): Window | null;
    getTabAndWindowForSession(session: any): { window: Window | null; tab: Tab | null };
    activate(options?: { raiseAllWindows?: boolean; ignoringOtherApps?: boolean }): Promise<any>;
  }
  class Color {
    constructor(red?: number, green?: number, blue?: number, alpha?: number, colorSpace?: string);
    red: any;
    green: any;
    blue: any;
    alpha: any;
    colorSpace: any;
    readonly hex: string;
    toJSON(): any;
    static fromHex(text: any): Color;
    static fromDict(d: any): Color;
  }
  const ColorPreset: {
    list(connection: Connection): Promise<any>;
    get(connection: Connection, name: string): Promise<any>;
  };
  class Connection {
    private constructor();
    toString(): any;
    dispatchForDuration(seconds: any): any;
  }
  class CustomControlSequence {
    constructor(options?: { connection?: Connection; callback?: (...args: any[]) => any; identity?: any; sharedSecret?: any; regex?: any; session?: string });
    callback: (...args: any[]) => any;
    identity: any;
    regex: any;
    session: any;
    register(): Promise<any>;
    unregister(): Promise<any>;
  }
  const MainMenu: {
    selectMenuItem(connection: Connection, identifier: any): Promise<any>;
    getMenuItemState(connection: Connection, identifier: any): Promise<any>;
  };
  function Reference(name: string): Reference;
  class Session {
    constructor(tab: any, snapshot: any);
    tab: Tab;
    sessionId: string;
    name: string;
    gridSize: any;
    preferredSize: any;
    getVariable(name: string): Promise<any>;
    setVariable(name: string, value: any): Promise<any>;
    invokeFunction(invocation: any, options?: { timeout?: any }): Promise<any>;
    readonly window: Window;
    inject(data: any): any;
    sendText(text: any): any;
    splitPane(options?: { vertical?: boolean; before?: boolean; profile?: any; profileCustomizations?: any }): Promise<Session>;
    activate(options?: { selectTab?: boolean }): Promise<any>;
    close(options?: { force?: boolean }): Promise<any>;
    getProfile(): Promise<any>;
    setProfileProperties(properties: any): Promise<any>;
    setColorPreset(preset: any): Promise<any>;
    getSelection(): Promise<any>;
    setSelection(parts: any): Promise<any>;
    getSelectionText(parts: any): Promise<any>;
  }
  class Splitter {
    constructor(vertical: any, children: any);
    vertical: any;
    children: any;
    readonly sessions: any;
  }
  class StatusBarComponent {
    constructor(options: { shortDescription: any; detailedDescription?: string; knobs?: any[]; exemplar?: string; updateCadence?: any; identifier: any });
    shortDescription: any;
    detailedDescription: any;
    knobs: any;
    exemplar: any;
    updateCadence: any;
    identifier: any;
    register(connection: Connection, fn: (...args: any[]) => any, options?: { timeout?: any; onclick?: any }): Promise<any>;
    unregister(): Promise<any>;
    setUnreadCount(sessionId: string, count: any): Promise<any>;
  }
  class Tab {
    constructor(window: any, snapshot: any);
    window: Window;
    tabId: string;
    sessions: Session[];
    root: any;
    getVariable(name: string): Promise<any>;
    setVariable(name: string, value: any): Promise<any>;
    invokeFunction(invocation: any, options?: { timeout?: any }): Promise<any>;
    updateLayout(): Promise<any>;
    moveToWindow(): Promise<any>;
    readonly currentSession: Session | null;
    select(): Promise<any>;
    activate(): Promise<any>;
    close(options?: { force?: boolean }): Promise<any>;
    setTitle(title: any): Promise<any>;
  }
  class TmuxConnection {
    constructor(app: any, connectionId: any, owningSessionId: any);
    app: any;
    connectionId: any;
    readonly owningSession: any;
    sendCommand(command: any): Promise<any>;
    createWindow(): Promise<any>;
    setTmuxWindowVisible(tmuxWindowId: any, visible: any): Promise<any>;
  }
  class Window {
    constructor(app: any, snapshot: any);
    app: App;
    windowId: string;
    number: any;
    tabs: Tab[];
    getVariable(name: string): Promise<any>;
    setVariable(name: string, value: any): Promise<any>;
    invokeFunction(invocation: any, options?: { timeout?: any }): Promise<any>;
    activate(): Promise<any>;
    close(options?: { force?: boolean }): Promise<any>;
    setTabs(tabs: any): Promise<any>;
    setTitle(title: any): Promise<any>;
    readonly currentTab: Tab | null;
    createTab(options?: { profile?: any; command?: any; profileCustomizations?: any }): Promise<Tab | null>;
    createTmuxTab(tmuxConnection: any): Promise<any>;
    static create(connection: Connection, options?: { profile?: any; command?: any; profileCustomizations?: any }): Promise<Window | null>;
  }
  function alert(connection: Connection, options: { title: any; subtitle?: string; buttons?: any[]; windowId?: string }): Promise<any>;
  function eachSession(connection: Connection, callback: (...args: any[]) => any): Promise<Subscription>;
  function getApp(connection: Connection): Promise<App>;
  function getTmuxConnections(connection: Connection): Promise<any>;
  function knob(options: { type: any; name: string; key: any; defaultValue?: any; placeholder?: string }): any;
  function listProfiles(connection: Connection, options?: { guids?: any; properties?: any }): Promise<any>;
  function onFocusChange(connection: Connection, callback: (...args: any[]) => any): Promise<Subscription>;
  function onLayoutChange(connection: Connection, callback: (...args: any[]) => any): Promise<Subscription>;
  function onNewSession(connection: Connection, callback: (...args: any[]) => any): Promise<Subscription>;
  function onSessionTerminated(connection: Connection, callback: (...args: any[]) => any): Promise<Subscription>;
  function onVariableChange(connection: Connection, options: { scope?: string; id?: string; name: string }, callback: (...args: any[]) => any): Promise<Subscription>;
  function polyModalAlert(connection: Connection, options?: { title?: any; subtitle?: string; buttons?: any[]; checkboxes?: any[]; combobox?: any; textField?: any; windowId?: string }): Promise<any>;
  function registerTitleProvider(connection: Connection, fn: (...args: any[]) => any, options?: { displayName?: any; identifier?: any; timeout?: any }): Promise<any>;
  function rpc(fn: (...args: any[]) => any, options?: any): RpcFunction;
  function runForever(main: (connection: Connection) => unknown): any;
  function runUntilComplete(main: (connection: Connection) => unknown): any;
  function setDefaultProfile(connection: Connection, guid: string): Promise<any>;
  function textInputAlert(connection: Connection, options: { title: any; subtitle?: string; placeholder?: string; defaultValue?: string; windowId?: string }): Promise<any>;
}

declare module 'iterm2' {
  export = iterm2;
}
