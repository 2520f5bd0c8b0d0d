#!/usr/bin/env python3
import iterm2

async def main(connection):
    async def my_callback(match):
        await iterm2.Window.async_create(connection)

    my_sequence = iterm2.CustomControlSequence(
        connection=connection,
        callback=my_callback,
        shared_secret="shared-secret",
        regex=r'^create-window$')

    await my_sequence.async_register()

iterm2.run_forever(main)
