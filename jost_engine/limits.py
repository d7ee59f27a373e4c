"""Bounds on what a user may hand JOST, in one place (see docs/config.md, "Limits").

A valid config must not take the machine down: free text is bounded (a 50 MB
label once grew the job ledger by 200 MB and shipped a 48 MiB task graph per
chunk), and user JSON is bounded in size and depth before it is parsed.
Plain constants, cheap to import from the command line.
"""

LABEL_MAX = 200          # characters of a config's, a chart's or a profile's label / name
NOTES_MAX = 2_000        # characters of a chart's or a profile's notes
PROJECT_MAX = 100        # characters of a job's project
TAGS_MAX = 20            # tags of a job
TAG_MAX = 50             # characters of one tag
META_MAX_BYTES = 10_000  # size of a job's other metadata as JSON [bytes]

JSON_MAX_DEPTH = 64           # nesting levels of arrays and objects in a user's JSON
JSON_MAX_BYTES = 50_000_000   # size of a user's JSON document [bytes]
