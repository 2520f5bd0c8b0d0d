#!/usr/bin/env python3

import iterm2

async def main(connection):
    app = await iterm2.async_get_app(connection)

    @iterm2.RPC
    async def add(a, b):
        return a + b
    await add.async_register(connection)

    @iterm2.RPC
    async def times(a, b):
        return a * b
    await times.async_register(connection)

    @iterm2.RPC
    async def show(s):
        session = app.current_window.current_tab.current_session
        await session.async_inject(bytes(str(s), encoding="utf-8"))
    await show.async_register(connection)

iterm2.run_forever(main)
