package org.polybridge.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.polybridge.ScriptException;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptEventLoop;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.RecordingSessionIo;
import org.polybridge.testkit.TestEngine;

/** The Python runtime's lifecycle, its event loop and its containment of failing code. */
class PythonScriptTest extends ScriptFixtureTest {
  private static String daemon(String body) {
    return "import asyncio, iterm2\n\nasync def main(connection):\n" + body.indent(4) + "\niterm2.run_forever(main)\n";
  }

  @Test
  void runawayFunctionOfAnIsolatedScriptIsInterruptedAtItsTimeoutAndTheScriptServesTheNextCall() throws Exception {
    fixture.startSource("runaway.py", "# polybridge: isolated\n" + daemon("""
        @iterm2.RPC(timeout=1)
        async def spin():
            while True:
                pass
        await spin.async_register(connection)

        @iterm2.RPC(timeout=1)
        async def spin_later():
            await asyncio.sleep(0.01)
            while True:
                pass
        await spin_later.async_register(connection)

        @iterm2.RPC
        async def ping(x):
            await asyncio.sleep(0.01)
            return x
        await ping.async_register(connection)
        """));
    fixture.awaitFunction("ping");

    assertThatThrownBy(() -> fixture.invoke("spin()")).hasMessageMatching("(?s).*(Timeout|was interrupted: it ran past its timeout).*");

    assertThat(fixture.invoke("ping(x: 42)")).isEqualTo(42L);
    assertThat(fixture.log.toString()).contains("spin ran past its timeout of 1000 ms: interrupting it");
    assertThatThrownBy(() -> fixture.invoke("spin_later()")).hasMessageMatching("(?s).*(Timeout|was interrupted: it ran past its timeout).*");
    assertThat(fixture.invoke("ping(x: 43)")).isEqualTo(43L);
    assertThat(fixture.log.toString()).contains("spin_later ran past its timeout of 1000 ms: interrupting it");
  }

  @Test
  void functionsMayAwaitSleepAndManyCallsRunConcurrently() throws Exception {
    fixture.startSource("sleepy.py", daemon("""
        started = []
        everyone = asyncio.Event()

        # Each call waits, sleeping, until all fifty have started: one at a time, the first would wait in vain.
        @iterm2.RPC
        async def slow(x):
            started.append(x)
            if len(started) == 50:
                everyone.set()
            await asyncio.wait_for(everyone.wait(), 20)
            await asyncio.sleep(0.05)
            return x * 2
        await slow.async_register(connection)
        """));
    fixture.awaitFunction("slow");

    List<CompletableFuture<Object>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(fixture.bridge.invoke("slow(x: " + i + ")"));
    }
    for (int i = 0; i < 50; i++) {
      assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(2L * i);
    }
  }

  @Test
  void anAsyncFunctionHasOneTaskForTheWholeCallAndItsOwnContextEvenThoughItsFirstStepRunsWithoutOne() throws Exception {
    fixture.startSource("tasks.py", daemon("""
        import contextvars
        request = contextvars.ContextVar("request", default="unset")

        @iterm2.RPC
        async def tasks(x):
            first = asyncio.current_task()
            seen = request.get()
            request.set(x)
            async with asyncio.timeout(5):
                await asyncio.sleep(0.01)
            async with asyncio.TaskGroup() as group:
                child = group.create_task(asyncio.sleep(0, result=x))
            return [first is not None, first is asyncio.current_task(), seen, request.get(), child.result()]
        await tasks.async_register(connection)

        @iterm2.RPC
        async def answers_at_once(x):
            async with asyncio.timeout(5):
                return [asyncio.current_task().get_coro() is not None, x]
        await answers_at_once.async_register(connection)

        @iterm2.RPC
        async def expires():
            try:
                async with asyncio.timeout(0):
                    await asyncio.sleep(10)
            except TimeoutError:
                return "timed out"
            return "not timed out"
        await expires.async_register(connection)

        @iterm2.RPC
        async def cancelled_while_waiting():
            try:
                await asyncio.wait_for(asyncio.sleep(10), 0.01)
            except TimeoutError:
                return "timed out"
        await cancelled_while_waiting.async_register(connection)
        """));
    fixture.awaitFunction("cancelled_while_waiting");

    assertThat(fixture.invoke("tasks(x: 1)")).isEqualTo(List.of(true, true, "unset", 1L, 1L));
    assertThat(fixture.invoke("tasks(x: 2)")).isEqualTo(List.of(true, true, "unset", 2L, 2L)); // 1 did not leak
    assertThat(fixture.invoke("answers_at_once(x: 3)")).isEqualTo(List.of(true, 3L));
    assertThat(fixture.invoke("expires()")).isEqualTo("timed out");
    assertThat(fixture.invoke("cancelled_while_waiting()")).isEqualTo("timed out");
    assertThat(fixture.log.toString()).doesNotContain("never retrieved").doesNotContain("never awaited");
  }

  @Test
  void argumentsAndResultsKeepTheirTypesWhetherScalarOrNested() throws Exception {
    fixture.startSource("kinds.py", daemon("""
        @iterm2.RPC
        async def kinds(s, i, f, b, n):
            return " ".join(type(v).__name__ + "=" + repr(v) for v in (s, i, f, b, n))
        await kinds.async_register(connection)

        @iterm2.RPC
        def echo(value):
            return value
        await echo.async_register(connection)
        """));
    fixture.awaitFunction("echo");

    // Scalars only: passed to Python as its own objects; a list among them: the JSON way.
    assertThat(fixture.invoke("kinds(s: \"x\", i: 5, f: 1.5, b: true, n: null)")).isEqualTo("str='x' int=5 float=1.5 bool=True NoneType=None");
    assertThat(fixture.invoke("kinds(s: [1], i: -9223372036854775807 - 1, f: 2.0, b: false, n: null)"))
        .isEqualTo("list=[1] int=-9223372036854775808 float=2.0 bool=False NoneType=None");
    assertThat(fixture.invoke("echo(value: \"text\")")).isEqualTo("text");
    assertThat(fixture.invoke("echo(value: 9223372036854775807)")).isEqualTo(Long.MAX_VALUE);
    assertThat(fixture.invoke("echo(value: true)")).isEqualTo(true);
    assertThat(fixture.invoke("echo(value: null)")).isNull();
    assertThat(fixture.invoke("echo(value: 0.25)")).isEqualTo(0.25);
    assertThat(fixture.invoke("echo(value: [1, [null, \"x\"]])")).isEqualTo(List.of(1L, java.util.Arrays.asList(null, "x")));
  }

  @Test
  void aCallPassesArgumentsByPositionOnlyWhereTheFunctionTakesThemSoAndKeepsWhatATaskWouldKeep() throws Exception {
    fixture.startSource("positions.py", daemon("""
        import contextvars, functools
        request = contextvars.ContextVar("request", default="unset")
        spawned = []

        @iterm2.RPC
        async def minus(b, a):
            return b - a
        await minus.async_register(connection)

        @iterm2.RPC
        async def keyword(a, *, b):
            return [a, b]
        await keyword.async_register(connection)

        def by_keyword(f):
            @functools.wraps(f)
            async def wrapper(**arguments):
                return await f(**arguments)
            return wrapper

        @iterm2.RPC
        @by_keyword
        async def wrapped(b, a):
            return b - a
        await wrapped.async_register(connection)

        @iterm2.RPC
        def after_positional_only(x=10, /, a=0):
            return x + a
        await after_positional_only.async_register(connection)

        @iterm2.RPC
        async def numbers(kind):
            return {"big": 2 ** 70, "float": 3.0, "text": "3", "none": None, "bool": False}[kind]
        await numbers.async_register(connection)

        @iterm2.RPC
        async def sets_and_reads(x):
            seen = request.get()
            request.set(x)
            return seen
        await sets_and_reads.async_register(connection)

        @iterm2.RPC
        async def spawns(x):
            async def later():
                spawned.append(x)
            asyncio.get_running_loop().create_task(later())
            print("spawning", x)
            return x
        await spawns.async_register(connection)

        @iterm2.RPC
        async def spawned_so_far():
            return len(spawned)
        await spawned_so_far.async_register(connection)

        @iterm2.RPC
        async def fails(a):
            raise ValueError("no %d" % a)
        await fails.async_register(connection)
        """));
    fixture.awaitFunction("fails");

    assertThat(fixture.invoke("minus(a: 1, b: 5)")).isEqualTo(4L); // by the function's order, not the call's
    assertThat(fixture.invoke("keyword(b: 2, a: 1)")).isEqualTo(List.of(1L, 2L));
    assertThat(fixture.invoke("wrapped(a: 1, b: 5)")).isEqualTo(4L); // its signature is f's, its code takes keywords only
    assertThat(fixture.invoke("after_positional_only(a: 1)")).isEqualTo(11L); // x keeps its default
    assertThat(fixture.invoke("numbers(kind: \"big\")")).isEqualTo(org.polybridge.json.Json.parse("1180591620717411303424"));
    assertThat(fixture.invoke("numbers(kind: \"float\")")).isEqualTo(3.0);
    assertThat(fixture.invoke("numbers(kind: \"text\")")).isEqualTo("3");
    assertThat(fixture.invoke("numbers(kind: \"none\")")).isNull();
    assertThat(fixture.invoke("numbers(kind: \"bool\")")).isEqualTo(false);
    assertThat(fixture.invoke("sets_and_reads(x: 1)")).isEqualTo("unset");
    assertThat(fixture.invoke("sets_and_reads(x: 2)")).isEqualTo("unset"); // a call's context is its own, as a task's
    assertThat(fixture.invoke("spawns(x: 7)")).isEqualTo(7L);
    assertThat(fixture.invoke("spawned_so_far()")).isEqualTo(1L); // the task it made ran after it answered
    assertThatThrownBy(() -> fixture.invoke("fails(a: 3)")).hasMessageContaining("ValueError('no 3')")
        .hasMessageContaining(", in fails").hasMessageNotContaining("_loop.py");
    assertThat(fixture.log.lines).contains("spawning 7");
  }

  @Test
  void anAsyncFunctionThatNeverAwaitsRunsWithoutACoroutineAndKeepsItsClosureItsTaskAndItsLines() throws Exception {
    fixture.startSource("twins.py", daemon("""
        import inspect, sys
        offset = 100

        def in_a_coroutine():
            return bool(sys._getframe(1).f_code.co_flags & inspect.CO_COROUTINE)

        @iterm2.RPC
        async def plain(x):
            return [in_a_coroutine(), x + offset]
        await plain.async_register(connection)

        @iterm2.RPC
        async def awaits(x):
            await asyncio.sleep(0)
            return [in_a_coroutine(), x]
        await awaits.async_register(connection)

        @iterm2.RPC
        async def asks_for_its_task(x):
            task = asyncio.current_task()
            return [in_a_coroutine(), task is not None and task is asyncio.current_task() and not task.done()]
        await asks_for_its_task.async_register(connection)

        @iterm2.RPC
        async def raises(x):
            raise KeyError(x)
        await raises.async_register(connection)

        @iterm2.RPC
        async def stops(x):
            raise StopIteration(x)
        await stops.async_register(connection)
        """));
    fixture.awaitFunction("stops");

    assertThat(fixture.invoke("plain(x: 1)")).isEqualTo(List.of(false, 101L)); // offset: a variable of main's, its closure's
    assertThat(fixture.invoke("awaits(x: 2)")).isEqualTo(List.of(true, 2L));
    assertThat(fixture.invoke("asks_for_its_task(x: 3)")).isEqualTo(List.of(false, true));
    assertThatThrownBy(() -> fixture.invoke("raises(x: 4)")).hasMessageContaining("KeyError(4)")
        .hasMessageContaining("line 29, in raises").hasMessageContaining("raise KeyError(x)").hasMessageNotContaining("_loop.py");
    assertThatThrownBy(() -> fixture.invoke("stops(x: 5)")).hasMessageContaining("RuntimeError('coroutine raised StopIteration')");
  }

  @Test
  void withPlainTwinsTurnedOffAnAsyncFunctionThatNeverAwaitsRunsAsACoroutine() throws Exception {
    String twins = System.setProperty(org.polybridge.python.internal.GuestApi.PLAIN_TWINS_PROPERTY, "false");
    try {
      fixture.startSource("no_twins.py", daemon("""
          import inspect, sys

          @iterm2.RPC
          async def coroutine(x):
              return [bool(sys._getframe(0).f_code.co_flags & inspect.CO_COROUTINE), x]
          await coroutine.async_register(connection)
          """));
      fixture.awaitFunction("coroutine"); // the property is read as the function registers
    } finally {
      if (twins == null) {
        System.clearProperty(org.polybridge.python.internal.GuestApi.PLAIN_TWINS_PROPERTY);
      } else {
        System.setProperty(org.polybridge.python.internal.GuestApi.PLAIN_TWINS_PROPERTY, twins);
      }
    }

    assertThat(fixture.invoke("coroutine(x: 1)")).isEqualTo(List.of(true, 1L));
  }

  @Test
  void aSessionOpenedWhileTheAppRereadsEverythingIsNotTakenOutAgainByTheOlderAnswer() throws Exception {
    // The app is read again and again (as many of its methods do after a change, here without
    // end): a session that opens between a listing and its answer arrives by notification first,
    // and the older listing must not take it out again.
    fixture.startSource("rereads.py", daemon("""
        app = await iterm2.async_get_app(connection)

        async def reread():
            while True:
                await app.async_refresh()
        rereading = asyncio.get_running_loop().create_task(reread())

        @iterm2.RPC
        async def find(session_id=iterm2.Reference("id")):
            session = app.get_session_by_id(session_id)
            return None if session is None else session.session_id
        await find.async_register(connection)
        """));
    fixture.awaitFunction("find");

    List<String> missed = new ArrayList<>();
    for (int round = 0; round < 50; round++) {
      Session opened = RecordingSessionIo.openIn(fixture.bridge.app().newWindow().newTab());
      // called again at once: a listing older than the session would have come back meanwhile
      for (int call = 0; call < 3; call++) {
        Object found = fixture.invokeIn(opened, "find()");
        if (!opened.id().equals(found)) {
          missed.add("round " + round + ", call " + call + ": " + found);
        }
      }
      opened.terminate();
    }

    assertThat(missed).as("calls whose script did not know the session they were made in").isEmpty();
  }

  @Test
  void plainFunctionsAndJavaFuturesServeAsWell() throws Exception {
    fixture.bridge.register(RpcDefinition.of("java_times", "a", "b"), a -> (Long) a.get("a") * (Long) a.get("b"));
    fixture.startSource("plain.py", daemon("""
        app = await iterm2.async_get_app(connection)

        @iterm2.RPC
        def greet(name, session_id=iterm2.Reference("id?")):
            return {"hello": name, "session": session_id}
        await greet.async_register(connection)

        @iterm2.RPC
        async def remember(value, session_id=iterm2.Reference("id")):
            session = app.get_session_by_id(session_id)
            await session.async_set_variable("user.remembered", value)
            return await session.async_get_variable("user.remembered")
        await remember.async_register(connection)

        @iterm2.RPC
        async def delegate(a):
            return await app.async_invoke_function("java_times(a: %d, b: 10)" % a)
        await delegate.async_register(connection)
        """));
    fixture.awaitFunction("delegate");

    assertThat(fixture.invokeIn(fixture.session, "greet(name: \"Joe\")")).isEqualTo(Map.of("hello", "Joe", "session", fixture.session.id()));
    assertThat(fixture.invoke("greet(name: \"Ann\")")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("hello", "Ann").containsEntry("session", null);
    assertThat(fixture.invokeIn(fixture.session, "remember(value: [1, \"two\"])")).isEqualTo(List.of(1L, "two"));
    assertThat(fixture.session.variables().get("user.remembered")).hasValue(List.of(1L, "two"));
    assertThat(fixture.invoke("delegate(a: 4)")).isEqualTo(40L);
  }

  @Test
  void scriptWithASyntaxErrorFailsWithTheSyntaxError() throws Exception {
    Script script = fixture.startSource("broken.py", "import iterm2\n\ndef main(:\n    pass\n");

    Throwable failure = failureOf(script);

    assertThat(failure).isInstanceOf(ScriptException.class).hasMessageContaining("SyntaxError");
    assertThat(((ScriptException) failure).traceback()).hasValueSatisfying(t -> assertThat(t)
        .contains("broken.py\", line 3").contains("SyntaxError"));
    assertThat(fixture.log.toString()).contains("ERROR SyntaxError");
  }

  @Test
  void triggersAScriptSetsInASessionsProfileRunOnWhatTheSessionPrints() throws Exception {
    fixture.startSource("triggers.py", daemon("""
        seen = []

        @iterm2.RPC
        async def on_error(text):
            seen.append(text)
        await on_error.async_register(connection)

        @iterm2.RPC
        async def errors():
            return seen
        await errors.async_register(connection)

        app = await iterm2.async_get_app(connection)
        session = app.terminal_windows[0].tabs[0].sessions[0]
        profile = await session.async_get_profile()
        await profile.async_set_triggers([
            iterm2.RPCTrigger("ERROR (\\\\w+)", "on_error(text: matches[1])").encode,
            iterm2.SetUserVariableTrigger("exit (\\\\d+)", "status", "code \\\\1").encode])
        mine = await session.async_get_profile()
        await session.async_set_variable("user.kinds", [type(iterm2.decode_trigger(t)).__name__ for t in mine.triggers])
        """));
    Eventually.until(java.time.Duration.ofSeconds(90), "the script set its triggers",
        () -> fixture.session.variables().get("user.kinds").isPresent());
    assertThat(fixture.session.variables().get("user.kinds")).hasValue(List.of("RPCTrigger", "SetUserVariableTrigger"));

    byte[] printed = "ERROR disk\r\nexit 3\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    fixture.session.output(printed, 0, printed.length);

    Eventually.until("the trigger set the variable", () -> "code 3".equals(fixture.session.variables().get("user.status").orElse(null)));
    Eventually.eventually(() -> {
      try {
        assertThat(fixture.invoke("errors()")).isEqualTo(List.of("disk"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void aScriptThatStartsAThreadFailsWithTheReasonInsteadOfCountingAsFinished() throws Exception {
    Script threads = fixture.startSource("threads.py", "import threading\nthreading.Thread(target=print).start()\n");
    assertThat(failureOf(threads)).hasMessageContaining("RuntimeError: a polybridge script runs on one thread");
  }

  @Test
  void aScriptCanCatchTheRefusalOfAThreadAndLeavesNoThreadBehind() throws Exception {
    Script catches = fixture.startSource("catches.py", """
        import threading
        try:
            threading.Thread(target=print).start()
        except RuntimeError as refused:
            print("refused:", refused)
        print("threads:", len(threading.enumerate()), "limbo:", len(threading._limbo))
        """);
    catches.completion().get(60, TimeUnit.SECONDS);
    assertThat(fixture.log.toString())
        .contains("refused: a polybridge script runs on one thread")
        .contains("limbo: 0");
  }

  @Test
  void aScriptRunsProgramsThatSeeTheDaemonsEnvironment() throws Exception {
    fixture.startSource("programs.py", daemon("""
        import os, subprocess

        @iterm2.RPC
        async def run_program():
            out = subprocess.run(["sh", "-c", "echo $HOME"], capture_output=True, text=True, check=True).stdout.strip()
            # GraalPy's os.system answers the exit status itself, CPython a wait status: compare with 0.
            return [out, os.environ.get("HOME"), os.system("true") == 0, os.system("exit 3") != 0]
        await run_program.async_register(connection)
        """));
    fixture.awaitFunction("run_program");

    String home = System.getenv("HOME");
    assertThat(fixture.invoke("run_program()")).isEqualTo(List.of(home, home, true, true));
  }

  @Test
  void runUntilCompleteScriptFinishesWhenMainReturns() throws Exception {
    Script script = fixture.startSource("once.py", """
        import asyncio, iterm2

        async def main(connection):
            app = await iterm2.async_get_app(connection)
            await asyncio.sleep(0.05)
            await app.current_window.current_tab.current_session.async_inject(b"done")
            print("main is done")

        iterm2.run_until_complete(main)
        """);

    script.completion().get(30, TimeUnit.SECONDS);

    assertThat(ScriptFixture.displayed(fixture.session)).isEqualTo("done");
    assertThat(fixture.log.lines).contains("main is done", "finished");
  }

  @Test
  void simpleScriptFinishesAfterItsTopLevel() throws Exception {
    Script script = fixture.startSource("simple.py", "print('hello from', __name__)\n");

    script.completion().get(30, TimeUnit.SECONDS);

    assertThat(fixture.log.lines).contains("hello from __main__");
  }

  @Test
  void theCompiledPythonCacheIsItsUsersAlone() throws Exception {
    fixture.startSource("cached.py", "TOKEN = 'a secret of the script'\n").completion().get(90, TimeUnit.SECONDS);

    assertThat(java.nio.file.Files.getPosixFilePermissions(org.polybridge.python.internal.SharedPython.defaultCache().resolve("pyc")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void aScriptThatImportsSslGetsTheRealModuleThoughAsyncioWasImportedWithoutIt() throws Exception {
    Script script = fixture.startSource("tls.py", "import asyncio, ssl\nprint('ssl', ssl.SSLContext.__name__)\n");

    script.completion().get(90, TimeUnit.SECONDS);

    assertThat(fixture.log.lines).contains("ssl SSLContext");
  }

  @Test
  void aTopLevelThatComputesPastItsBudgetIsInterruptedAndFailsWhileTheOtherScriptsGoOn() throws Exception {
    String budget = System.setProperty(org.polybridge.python.internal.PythonScript.LOAD_BUDGET_PROPERTY, "2");
    Script stuck;
    try {
      stuck = fixture.startSource("stuck_top.py", "print('spinning')\nwhile True:\n    pass\n");
      // The runtime's first script waits for the shared context: a cold GraalPy start, slow on a busy machine.
      Eventually.until(java.time.Duration.ofSeconds(90), "stuck_top.py spinning", () -> fixture.log.lines.contains("spinning"));
    } finally {
      if (budget == null) {
        System.clearProperty(org.polybridge.python.internal.PythonScript.LOAD_BUDGET_PROPERTY);
      } else {
        System.setProperty(org.polybridge.python.internal.PythonScript.LOAD_BUDGET_PROPERTY, budget);
      }
    }

    // A script that starts meanwhile waits for the shared context; the interrupt cuts its load too.
    Script waiting = fixture.startSource("waiting.py", "print('loaded')\n");

    assertThat(failureOf(stuck)).isInstanceOf(ScriptException.class).hasMessage("its top level ran longer than 2 s and was interrupted");
    // It may get the context's lock between the spinner's turns and run to its end; if the interrupt
    // cut its load short instead (through no fault of its own), it fails as with a fault of the
    // runtime, which the loader tries once more. Before, a load cut short counted as finished.
    try {
      waiting.completion().get(30, TimeUnit.SECONDS);
      assertThat(fixture.log.lines).as("a script that finished ran its top level to its end").contains("loaded");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).hasMessageContaining("another script in the shared Python context ran away or was stopped");
      assertThat(org.polybridge.script.RuntimeFault.in(e.getCause())).isTrue();
    }
    assertThat(fixture.log.toString())
        .contains("its top level ran longer than 2 s: interrupting it; when it starts again it runs in a Python context of its own");
    // The shared context is free again: another script loads and serves.
    fixture.startSource("after.py", daemon("""
        @iterm2.RPC
        async def after(x):
            return x + 1
        await after.async_register(connection)
        """));
    fixture.awaitFunction("after");
    assertThat(fixture.invoke("after(x: 1)")).isEqualTo(2L);
  }

  @Test
  void stoppingAScriptStuckWhileLoadingCancelsItAndFreesItsThread() throws Exception {
    ScriptEventLoop loop = new ScriptEventLoop("stuck.py");
    Path file = folder.resolve("stuck.py");
    java.nio.file.Files.writeString(file, "print('spinning')\nwhile True:\n    pass\n");
    Script script = runtime.start(new ScriptEnvironment("stuck.py", file, folder,
        new ApiClient(fixture.bridge.connect("stuck.py"), loop), loop, fixture.log, TestEngine.shared()));
    // The runtime's first script waits for the shared context: a cold GraalPy start, slow on a busy machine.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!fixture.log.lines.contains("spinning")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }

    script.stop();

    script.completion().get(5, TimeUnit.SECONDS);
    CompletableFuture<Boolean> freed = new CompletableFuture<>();
    loop.execute(() -> freed.complete(true));
    // 2 s of grace, then an interrupt that a busy machine may take seconds to deliver.
    assertThat(freed.get(20, TimeUnit.SECONDS)).isTrue();
    loop.close();
  }

  private static Throwable failureOf(Script script) throws Exception {
    try {
      script.completion().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the script completed normally");
  }
}
