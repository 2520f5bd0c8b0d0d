package org.polybridge.client;

/**
 * Whose variable a name is: the app's, or one session's, tab's or window's, which an id names.
 *
 * <pre>{@code
 * api.setVariable(VariableScope.SESSION, sessionId, "user.mood", "calm").join();
 * Object mood = api.getVariable(VariableScope.SESSION, sessionId, "user.mood").join();   // "calm"
 * Object pid = api.getVariable(VariableScope.APP, null, "pid").join();                  // no id for the app
 * }</pre>
 */
public enum VariableScope {
  /** The app's own variables; no id. */
  APP,
  /** A session's variables, by the session's id. */
  SESSION,
  /** A tab's variables, by the tab's id. */
  TAB,
  /** A window's variables, by the window's id. */
  WINDOW
}
