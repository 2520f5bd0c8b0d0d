// Registers clear_all_sessions(): clears the scrollback of every session.
// The JavaScript twin of iTerm2's RPC example (clear_all_sessions.py).
iterm2.runForever(async connection => {
  const app = await iterm2.getApp(connection);

  const clear_all_sessions = iterm2.rpc(async function clear_all_sessions() {
    const code = '\x1b]1337;ClearScrollback\x07';
    for (const window of app.windows) {
      for (const tab of window.tabs) {
        for (const session of tab.sessions) {
          await session.inject(code);
        }
      }
    }
  });
  await clear_all_sessions.register(connection);
});
