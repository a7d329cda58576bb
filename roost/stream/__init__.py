"""Streaming: statuses/filter's predicates, the matcher index, connections and the bus."""
