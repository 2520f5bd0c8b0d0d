// A long-running daemon: opens a window when a session prints the custom control sequence
//   printf "\033]1337;Custom=id=%s:%s\a" "shared-secret" "create-window"
// The JavaScript twin of iTerm2's daemon example (create_window_daemon.py).
iterm2.runForever(async connection => {
  const sequence = new iterm2.CustomControlSequence({
    connection,
    identity: 'shared-secret',
    regex: /^create-window$/,
    callback: async match => {
      await iterm2.Window.create(connection);
    },
  });
  await sequence.register();
});
