package org.polybridge.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.script.ScriptStatus;
import org.polybridge.script.ScriptStatus.State;

class JavaScriptRuntimeTest {
  @TempDir Path temp;
  private JsBench bench;

  @BeforeEach
  void open() throws Exception {
    bench = new JsBench(temp);
  }

  @AfterEach
  void close() {
    bench.close();
  }

  private void serve(String name, String body) throws Exception {
    bench.write(name, "iterm2.runForever(async connection => {\n" + body + "\n});\n");
  }

  @Test
  void valuesCrossAsJson() throws Exception {
    serve("echo.js", """
          await iterm2.rpc(async function echo(v) { return {got: v, type: typeof v}; }).register(connection);
        """);
    bench.start();

    assertThat(bench.call("echo(v: [1, 2.5, \"x\", true, null])"))
        .isEqualTo(Map.of("got", java.util.Arrays.asList(1L, 2.5, "x", true, null), "type", "object"));
    assertThat(bench.call("echo(v: 3)")).isEqualTo(Map.of("got", 3L, "type", "number"));
  }

  @Test
  void argumentsArriveAsTheirJsonWouldWhetherTheyCrossAsValuesOrAsJsonText() throws Exception {
    serve("kinds.js", """
          const kind = (v) => [v, typeof v];
          await iterm2.rpc(async function one(a) { return kind(a); }).register(connection);
          await iterm2.rpc(async function four(a, b, c, d) { return [a, b, c, d].map(kind); }).register(connection);
          await iterm2.rpc(async function five(a, b, c, d, e) { return [a, b, c, d, e]; }).register(connection);
          await iterm2.rpc(async function none() { return arguments.length; }).register(connection);
        """);
    bench.start();

    // as values: strings, booleans, null, finite numbers, integers a double holds exactly
    assertThat(bench.call("one(a: 9007199254740992)")).isEqualTo(List.of(9007199254740992L, "number"));
    assertThat(bench.call("four(a: \"x\", b: true, c: null, d: -2.5)")).isEqualTo(List.of(
        List.of("x", "string"), List.of(true, "boolean"), java.util.Arrays.asList(null, "object"), List.of(-2.5, "number")));
    assertThat(bench.call("none()")).isEqualTo(0L);
    // as JSON text: a larger integer (a number, as JSON.parse reads it, never a BigInt), a list, five values
    assertThat(bench.call("one(a: 9007199254740993)")).isEqualTo(List.of(9007199254740992L, "number"));
    assertThat(bench.call("one(a: [1, [2, \"z\"]])")).isEqualTo(List.of(List.of(1L, List.of(2L, "z")), "object"));
    assertThat(bench.call("five(a: 1, b: 2, c: 3, d: 4, e: 5)")).isEqualTo(List.of(1L, 2L, 3L, 4L, 5L));
  }

  @Test
  void plainFunctionsThenablesAndOddAnswersAreServedAsAwaitWouldSeeThem() throws Exception {
    serve("odd.js", """
          await iterm2.rpc(function twice(x) { return 2 * x; }).register(connection);
          await iterm2.rpc(function later(x) { return {then: (ok) => ok(x + 1)}; }).register(connection);
          await iterm2.rpc(async function nothing() {}).register(connection);
          await iterm2.rpc(async function fn() { return () => 1; }).register(connection);
          await iterm2.rpc(async function big() { return 1n; }).register(connection);
          await iterm2.rpc(async function refuse() { throw 'no reason object'; }).register(connection);
          await iterm2.rpc(function crash() { throw new RangeError('sync'); }).register(connection);
        """);
    bench.start();

    assertThat(bench.call("twice(x: 21)")).isEqualTo(42L);
    assertThat(bench.call("later(x: 1)")).isEqualTo(2L);
    assertThat(bench.call("nothing()")).isNull();
    assertThat(bench.call("fn()")).isNull(); // JSON has no functions: as JSON.stringify({value}) said
    assertThatThrownBy(() -> bench.call("big()")).hasMessageContaining("big returned a value that is not JSON: ");
    assertThatThrownBy(() -> bench.call("refuse()")).isInstanceOf(InvocationException.class)
        .hasMessage("In call to refuse: no reason object");
    assertThatThrownBy(() -> bench.call("crash()")).hasMessageContaining("In call to crash: RangeError: sync");
  }

  @Test
  void aFunctionRegisteredForEverIsServedAndListedAtTheLongestTimeout() throws Exception {
    serve("patient.js", """
          await iterm2.rpc(async function patient() { return 'done'; }).register(connection, {timeout: Infinity});
          await iterm2.rpc(async function huge() { return 'done'; }, {timeout: 1e300}).register(connection);
        """);
    bench.start();

    assertThat(bench.call("[patient(), huge()]")).isEqualTo(List.of("done", "done"));
    assertThat(((List<?>) bench.call("iterm2.functions()")).stream().map(f -> (Object) ((Map<?, ?>) f).get("timeout")).toList())
        .containsExactly(86400.0, 86400.0);
  }

  @Test
  void nameAndParameterNamesCanBeGivenWhenTheFunctionHasNone() throws Exception {
    serve("minus.js", """
          const minus = iterm2.rpc(async (x, y) => x - y, {name: 'minus'});
          await minus.register(connection);
          const arrow = iterm2.rpc(async (/* the first */ first, second = 2) => [first, second], {name: 'pair'});
          await arrow.register(connection);
        """);
    bench.start();

    assertThat(bench.call("minus(y: 1, x: 5)")).isEqualTo(4L);
    assertThat(bench.call("pair(second: 7, first: 6)")).isEqualTo(List.of(6L, 7L));
  }

  @Test
  void referenceDefaultInTheParameterListIsFilledFromTheCallSite() throws Exception {
    serve("whoami.js", """
          await iterm2.rpc(async function whoami(sessionId = iterm2.Reference("id")) { return sessionId; }).register(connection);
          await iterm2.rpc(async function nickname(who = iterm2.Reference('user.nick?')) { return who; }).register(connection);
          await iterm2.rpc(async function whereami(tab) { return tab; }, {defaults: {tab: 'tab.id'}}).register(connection);
        """);
    bench.start();
    InvocationContext inSession = InvocationContext.session(bench.session.id());

    assertThat(bench.callIn(inSession, "whoami()")).isEqualTo(bench.session.id());
    assertThat(bench.callIn(inSession, "whoami(sessionId: \"given\")")).isEqualTo("given");
    assertThat(bench.callIn(inSession, "nickname()")).isNull();
    assertThat(bench.callIn(inSession, "whereami()")).isEqualTo(bench.session.tab().id());
  }

  @Test
  void timersRunOnTheScriptsLoop() throws Exception {
    serve("timers.js", """
          await iterm2.rpc(async function later(ms) {
            return new Promise(resolve => setTimeout(value => resolve(value + ms), ms, 'after '));
          }).register(connection);
          await iterm2.rpc(async function ticks(n) {
            return new Promise(resolve => {
              let count = 0;
              const id = setInterval(() => { if (++count === n) { clearInterval(id); resolve(count); } }, 5);
            });
          }).register(connection);
          await iterm2.rpc(async function cancelled() {
            let fired = false;
            clearTimeout(setTimeout(() => { fired = true; }, 10));
            await new Promise(resolve => setTimeout(resolve, 50));
            return fired;
          }).register(connection);
        """);
    bench.start();

    assertThat(bench.call("later(ms: 30)")).isEqualTo("after 30");
    assertThat(bench.call("ticks(n: 3)")).isEqualTo(3L);
    assertThat(bench.call("cancelled()")).isEqualTo(false);
  }

  @Test
  void syntaxErrorFailsTheScriptWithItsLocation() throws Exception {
    bench.write("typo.js", "const x = ;\n");
    bench.start();

    ScriptStatus status = bench.awaitState("typo.js", State.FAILED);
    assertThat(status.lastError()).contains("SyntaxError").contains("typo.js:1");
  }

  @Test
  void mainThatRejectsFailsTheScript() throws Exception {
    serve("main.js", "throw new Error('main broke');");
    bench.start();

    assertThat(bench.awaitState("main.js", State.FAILED).lastError()).isEqualTo("Error: main broke");
  }

  @Test
  void duplicateRegistrationFailsTheSecondScript() throws Exception {
    serve("first.js", "await iterm2.rpc(async function twin() { return 1; }).register(connection);");
    bench.start();
    assertThat(bench.call("twin()")).isEqualTo(1L);
    serve("second.js", "await iterm2.rpc(async function twin() { return 2; }).register(connection);");

    assertThat(bench.awaitState("second.js", State.FAILED).lastError()).contains("DUPLICATE_SERVER_ORIGINATED_RPC");
    assertThat(bench.invoke("twin()")).isEqualTo(1L);
  }

  @Test
  void unhandledRejectionIsLoggedAndTheScriptGoesOn() throws Exception {
    serve("careless.js", """
          await iterm2.rpc(async function careless() {
            Promise.reject(new RangeError('forgotten'));
            return 'fine';
          }).register(connection);
        """);
    bench.start();

    assertThat(bench.call("careless()")).isEqualTo("fine");
    bench.awaitLog("careless.js", "a promise nobody awaited failed: RangeError: forgotten");
    assertThat(bench.call("careless()")).isEqualTo("fine");
  }

  @Test
  void callbackThatThrowsIsLoggedAndTheScriptKeepsServing() throws Exception {
    serve("flaky.js", """
          await new iterm2.CustomControlSequence({connection, identity: 'me', regex: /.*/,
              callback: async () => { throw new Error('callback broke'); }}).register();
          await iterm2.rpc(async function alive() { return true; }).register(connection);
        """);
    bench.start();
    bench.call("alive()");

    org.polybridge.host.HostEvents.customControlSequence(bench.session, "me", "anything");

    bench.awaitLog("flaky.js", "the custom control sequence callback failed: Error: callback broke");
    assertThat(bench.call("alive()")).isEqualTo(true);
  }

  @Test
  void plainScriptFinishesWhenNothingIsLeftToRun() throws Exception {
    bench.write("hello.js", "console.log('hello from JS');\nsetTimeout(() => console.log('and goodbye'), 20);\n");
    bench.start();

    bench.awaitState("hello.js", State.FINISHED);
    assertThat(bench.log("hello.js")).contains("INFO  hello from JS").contains("INFO  and goodbye");
  }

  @Test
  void runUntilCompleteFinishesWhenMainReturns() throws Exception {
    bench.write("once.js", """
        iterm2.runUntilComplete(async connection => {
          const app = await iterm2.getApp(connection);
          await app.currentWindow.currentTab.currentSession.inject('ran once');
        });
        """);
    bench.start();

    bench.awaitState("once.js", State.FINISHED);
    assertThat(bench.io.displayed()).isEqualTo("ran once");
  }

  @Test
  void esModuleImportsIterm2AndItsOwnFiles() throws Exception {
    bench.write("tools/main.mjs", """
        import * as iterm2 from 'iterm2';
        import defaultIterm2 from 'iterm2';
        import { double } from './lib/double.mjs';

        const same = defaultIterm2.rpc === iterm2.rpc;
        await iterm2.rpc(async function doubled(x) { return [double(x), same]; }).register();
        """);
    bench.write("tools/lib/double.mjs", "export const double = x => 2 * x;\n");
    bench.start();

    assertThat(bench.call("doubled(x: 21)")).isEqualTo(List.of(42L, true));
  }

  @Test
  void requireGivesTheIterm2Module() throws Exception {
    bench.write("required.js", """
        const iterm2 = require('iterm2');
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function required() { return typeof iterm2.rpc; }).register(connection);
        });
        """);
    bench.start();

    assertThat(bench.call("required()")).isEqualTo("function");
  }

  @Test
  void sessionVariablesAreSetAndReadThroughTheApp() throws Exception {
    serve("vars.js", """
          const app = await iterm2.getApp(connection);
          await iterm2.rpc(async function remember(sessionId = iterm2.Reference('id'), value) {
            const session = app.getSessionById(sessionId);
            await session.setVariable('user.remembered', value);
            return session.getVariable('user.remembered');
          }).register(connection);
        """);
    bench.start();

    Object answer = bench.callIn(InvocationContext.session(bench.session.id()), "remember(value: [1, \"a\"])");

    assertThat(answer).isEqualTo(List.of(1L, "a"));
    assertThat(bench.session.variables().get("user.remembered")).contains(List.of(1L, "a"));
  }

  @Test
  void injectTakesStringsTypedArraysAndByteArrays() throws Exception {
    serve("bytes.js", """
          const app = await iterm2.getApp(connection);
          await iterm2.rpc(async function show_bytes() {
            const session = app.currentWindow.currentTab.currentSession;
            await session.inject('é|');
            await session.inject(new Uint8Array([0x41, 0x42]));
            await session.inject([0x43]);
          }).register(connection);
        """);
    bench.start();

    bench.call("show_bytes()");

    assertThat(bench.io.displayed()).isEqualTo("é|ABC");
  }

  @Test
  void windowCreateOpensAWindowAndReturnsIt() throws Exception {
    serve("windows.js", """
          await iterm2.rpc(async function open_window() {
            const window = await iterm2.Window.create(connection);
            return [window.windowId, window.tabs.length, window.currentTab.currentSession.sessionId.length > 0];
          }).register(connection);
        """);
    bench.start();

    Object answer = bench.call("open_window()");

    String newest = bench.bridge.app().windows().getLast().id();
    assertThat(answer).isEqualTo(List.of(newest, 1L, true));
  }
}
