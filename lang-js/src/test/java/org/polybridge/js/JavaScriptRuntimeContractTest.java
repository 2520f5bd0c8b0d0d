package org.polybridge.js;

import java.util.regex.Pattern;
import org.polybridge.testkit.ScriptRuntimeContract;

/** The JavaScript runtime keeps the contract of every runtime. */
class JavaScriptRuntimeContractTest extends ScriptRuntimeContract {
  @Override
  protected String extension() {
    return ".js";
  }

  private static String serving(String body) {
    return "iterm2.runForever(async connection => {\n" + body.indent(2) + "});\n";
  }

  @Override
  protected String registering(String function, String expression) {
    return serving("await iterm2.rpc(async function " + function + "(a) { return " + expression + "; }).register(connection);");
  }

  @Override
  protected String counting(String function) {
    return "let count = 0;\n"
        + serving("await iterm2.rpc(async function " + function + "(by) { count += by; return count; }).register(connection);");
  }

  @Override
  protected String throwing(String function, String message) {
    return "function explode(why) {\n  throw new TypeError(why);\n}\n"
        + serving("await iterm2.rpc(async function " + function + "() { return explode('" + message + "'); }).register(connection);");
  }

  @Override
  protected String frame(String function, String file) {
    return "at " + function + " \\(\\S*" + Pattern.quote(file) + ":\\d+:\\d+\\)";
  }

  @Override
  protected String spinning(String function, String signal, double timeoutSeconds) {
    return serving("""
        const app = await iterm2.getApp(connection);
        await iterm2.rpc(async function %s(forever) {
          if (!forever) {
            return 'done';
          }
          await app.invokeFunction('%s()');
          while (true) {}
        }).register(connection, {timeout: %s});
        """.formatted(function, signal, timeoutSeconds));
  }

  @Override
  protected String interrupted(String function, double timeoutSeconds) {
    return "ran longer than its " + Math.round(timeoutSeconds * 1000) / 1000 + " s and was interrupted";
  }

  @Override
  protected String reachingJava(String function) {
    return serving("""
        await iterm2.rpc(async function %s() {
          try {
            return 'reached ' + Java.type('java.lang.System');
          } catch (e) {
            return 'refused: ' + e;
          }
        }).register(connection);
        """.formatted(function));
  }

  @Override
  protected String failingToLoad(String message) {
    return "function readConfig() {\n  throw new Error('" + message + "');\n}\nreadConfig();\n";
  }

  /** None: a failure in a function, callback or promise is that one's (logged), and the script goes on. */
  @Override
  protected String crashing(String function, String message) {
    return null;
  }

  @Override
  protected String lookingUpItsSession(String function) {
    return serving("""
        const app = await iterm2.getApp(connection);
        await iterm2.rpc(async function %s(session_id = iterm2.Reference('id')) {
          const session = app.getSessionById(session_id);
          return session === null ? null : session.sessionId;
        }).register(connection);
        """.formatted(function));
  }
}
