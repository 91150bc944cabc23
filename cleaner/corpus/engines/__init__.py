"""Engines that run the per-document work of `cleaner.corpus.work` elsewhere than this machine's
process pool (`cleaner.corpus.parallel`). Each one offers `map_ordered(fn, items, ...)`."""
