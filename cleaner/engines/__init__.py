"""Engines that run the per-document work of `cleaner.work` elsewhere than this machine's
process pool (`cleaner.parallel`). Each one offers `map_ordered(fn, items, ...)`."""
