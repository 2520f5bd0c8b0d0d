package org.polybridge.python;

import java.util.regex.Pattern;
import org.polybridge.testkit.ScriptRuntimeContract;

/** The Python runtime keeps the contract of every runtime (its scripts in the shared context). */
class PythonRuntimeContractTest extends ScriptRuntimeContract {
  @Override
  protected String extension() {
    return ".py";
  }

  private static String serving(String body) {
    return "import asyncio, iterm2\n\nasync def main(connection):\n" + body.indent(4) + "\niterm2.run_forever(main)\n";
  }

  @Override
  protected String registering(String function, String expression) {
    return serving("""
        @iterm2.RPC
        async def %s(a):
            return %s
        await %s.async_register(connection)
        """.formatted(function, expression, function));
  }

  @Override
  protected String counting(String function) {
    return "count = 0\n\n" + serving("""
        @iterm2.RPC
        async def %s(by):
            global count
            count += by
            return count
        await %s.async_register(connection)
        """.formatted(function, function));
  }

  @Override
  protected String throwing(String function, String message) {
    return "def explode(why):\n    raise ValueError(why)\n\n" + serving("""
        @iterm2.RPC
        async def %s():
            return explode("%s")
        await %s.async_register(connection)
        """.formatted(function, message, function));
  }

  @Override
  protected String frame(String function, String file) {
    return Pattern.quote(file) + "\", line \\d+, in " + function;
  }

  /**
   * In the shared context, as users' scripts run: stopping one that computes there while another
   * loads once left GraalPy's lock to a dead thread (see {@code PythonContext}'s interrupts).
   */
  @Override
  protected String spinning(String function, String signal, double timeoutSeconds) {
    return serving("""
        @iterm2.RPC(timeout=%s)
        async def %s(forever):
            if not forever:
                return "done"
            await iterm2.async_invoke_function(connection, "%s()")
            while True:
                pass
        await %s.async_register(connection)
        """.formatted(timeoutSeconds, function, signal, function));
  }

  @Override
  protected String interrupted(String function, double timeoutSeconds) {
    return function + " ran past its timeout of " + Math.round(timeoutSeconds * 1000) + " ms: interrupting it";
  }

  @Override
  protected String reachingJava(String function) {
    return serving("""
        @iterm2.RPC
        async def %s():
            try:
                import java
                return "reached " + str(java.type("java.lang.System"))
            except BaseException as e:
                return "refused: " + repr(e)
        await %s.async_register(connection)
        """.formatted(function, function));
  }

  @Override
  protected String failingToLoad(String message) {
    return "def readConfig():\n    raise RuntimeError(\"" + message + "\")\n\nreadConfig()\n";
  }

  @Override
  protected String crashing(String function, String message) {
    return serving("""
        asked = asyncio.Event()

        @iterm2.RPC
        async def %s():
            asked.set()
            return True
        await %s.async_register(connection)
        await asked.wait()
        raise RuntimeError("%s")
        """.formatted(function, function, message));
  }

  @Override
  protected String lookingUpItsSession(String function) {
    return serving("""
        app = await iterm2.async_get_app(connection)

        @iterm2.RPC
        async def %s(session_id=iterm2.Reference("id")):
            session = app.get_session_by_id(session_id)
            return None if session is None else session.session_id
        await %s.async_register(connection)
        """.formatted(function, function));
  }
}
