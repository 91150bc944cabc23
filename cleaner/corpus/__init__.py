"""The corpus machinery: a folder or a JSONL stream cleaned document by document, in worker
processes or on Ray, with a manifest so a re-run does only what changed."""
