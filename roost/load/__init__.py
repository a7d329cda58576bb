"""``roost load``: a deterministic synthetic world for benchmarks and search work.

    world.py      the plan, step by step: accounts and follows (graph.py), statuses and likes
                  (activity.py), the App and tokens; the sample accounts the manifest names
    clock.py      the period and the Snowflake ids of every kind of row (from the rows' times)
    sampling.py   weighted draws (alias tables)
    words.py      what statuses say, in six languages; people.py: who the accounts are
    prose.py      a status's typed text (sentences, emoji, mentions, hashtags, cashtags, URLs)
    rows.py       status rows through Roost's own domain code (runs in worker processes)
    tables.py     the rows of every other table
    writer.py     bulk inserts, secondary indexes rebuilt from their own DDL
    run.py        the load: planning, the worker pool, the writes; manifest.py: its summary
    progress.py   the progress bar on stderr

Same seed and sizes, same rows (ids, keys and tokens included), whatever the number of workers.
"""
