"""The shell: parses the command line, calls one `api` function, hands the answer to `output`.

The only folder that imports Typer. `entry` is the console script, `app` the commands,
`file_commands` the commands that write or check whole files, `options` the shared parameters,
`group` the Click group (plain converters, the one place where failures become exit codes),
`context` what one invocation carries, `click_text` Click's own messages in the interface
language."""
