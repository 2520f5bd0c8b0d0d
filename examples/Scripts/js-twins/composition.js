// Registers add(a, b), times(a, b) and show(s), to be composed:
//   show(s: add(a: 1, b: times(a: 2, b: 3)))
// injects 7 into the current session. The JavaScript twin of iTerm2's composition example.
iterm2.runForever(async connection => {
  const app = await iterm2.getApp(connection);

  const add = iterm2.rpc(async function add(a, b) {
    return a + b;
  });
  await add.register(connection);

  const times = iterm2.rpc(async function times(a, b) {
    return a * b;
  });
  await times.register(connection);

  const show = iterm2.rpc(async function show(s) {
    const session = app.currentWindow.currentTab.currentSession;
    await session.inject(String(s));
  });
  await show.register(connection);
});
