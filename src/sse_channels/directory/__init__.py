"""Reading the directory's files: the YAML parser and validator (`parse`, `checker`, `rules`,
`yamlsafe`), the topic layer (`topics`, `topics_file`), and the two checks over whole files:
comparing two versions (`diff`) and fetching every link (`linkcheck`)."""
