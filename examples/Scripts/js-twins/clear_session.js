// Registers clear_session(): clears the scrollback of the session it is invoked from. The
// parameter's default, iterm2.Reference("id"), is filled with the caller's session id.
// The JavaScript twin of iTerm2's RPC example (clear_session.py).
iterm2.runForever(async connection => {
  const app = await iterm2.getApp(connection);

  const clear_session = iterm2.rpc(async function clear_session(session_id = iterm2.Reference('id')) {
    const code = '\x1b]1337;ClearScrollback\x07';
    const session = app.getSessionById(session_id);
    if (session) {
      await session.inject(code);
    }
  });
  await clear_session.register(connection);
});
